#ifndef HEGUI_CPCRE2_SHIM_H
#define HEGUI_CPCRE2_SHIM_H
/* A system-library target takes no compiler flags, so the code-unit width is fixed here. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Cast macros Swift cannot import, re-exported as functions. */
static inline size_t hegui_pcre2_unset(void) { return PCRE2_UNSET; }
static inline size_t hegui_pcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
#endif
