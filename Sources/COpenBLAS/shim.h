#ifndef HEGUI_COPENBLAS_SHIM_H
#define HEGUI_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
