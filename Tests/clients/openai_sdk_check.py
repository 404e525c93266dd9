"""Drives a running Hegui gateway with the official `openai` Python SDK, unmodified.

Prints one line per check in the form CI counts ("✔ Test … passed after …" / "✘ Test … failed
after …") and exits non-zero if any check fails.
"""
import argparse
import sys
import time
import traceback

import openai

parser = argparse.ArgumentParser()
parser.add_argument("--base-url", required=True)
parser.add_argument("--key", required=True)
args = parser.parse_args()

client = openai.OpenAI(base_url=args.base_url, api_key=args.key, max_retries=0, timeout=30)
QUESTION = "我的手机号是13812345678，银行卡丢了怎么挂失？"
failures = 0


def check(name):
    def run(function):
        global failures
        started = time.monotonic()
        try:
            function()
            print(f"✔ Test \"openai SDK: {name}\" passed after {time.monotonic() - started:.3f} seconds.", flush=True)
        except Exception:
            failures += 1
            print(f"✘ Test \"openai SDK: {name}\" failed after {time.monotonic() - started:.3f} seconds.", flush=True)
            traceback.print_exc()
        return function
    return run


@check("models.list shows the routes the key may use")
def models():
    ids = {model.id for model in client.models.list()}
    assert {"cs", "upstream"} <= ids, ids


@check("non-streaming chat: two sections, a citation, an audit id, no raw number")
def chat():
    raw = client.chat.completions.with_raw_response.create(model="cs", messages=[{"role": "user", "content": QUESTION}])
    completion = raw.parse()
    answer = completion.choices[0].message.content
    assert answer.startswith("【政策依据】《") and "【简明解释】" in answer, answer
    assert "13812345678" not in answer
    assert raw.headers.get("hegui-audit-id"), dict(raw.headers)
    assert completion.choices[0].finish_reason == "stop"


@check("content as typed text parts is answered; an image part is refused with invalid_field")
def content_parts():
    parts = [{"type": "text", "text": "我的手机号是13812345678，"}, {"type": "text", "text": "银行卡丢了怎么挂失？"}]
    completion = client.chat.completions.create(model="cs", messages=[{"role": "user", "content": parts}])
    assert completion.choices[0].message.content.startswith("【政策依据】《"), completion
    try:
        client.chat.completions.create(model="cs", messages=[{"role": "user", "content": [
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}])
    except openai.BadRequestError as error:
        assert error.code == "invalid_field" and "cannot be checked" in error.message, error
    else:
        raise AssertionError("an image part must be refused")


@check("streaming chat from an upstream model: pieces, finish_reason, usage")
def stream():
    chunks = list(client.chat.completions.create(model="upstream", stream=True, stream_options={"include_usage": True},
                                                 messages=[{"role": "user", "content": QUESTION}]))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("【政策依据】《") and "【简明解释】" in text, text
    assert any(c.choices and c.choices[0].finish_reason == "stop" for c in chunks)
    usage = [c.usage for c in chunks if c.usage]
    assert usage and usage[-1].completion_tokens > 0, usage


@check("streaming from the embedded extractive route, user's number masked")
def stream_extractive():
    chunks = list(client.chat.completions.create(model="cs", stream=True, messages=[{"role": "user", "content": QUESTION}]))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.startswith("【政策依据】《") and "【简明解释】" in text and "13812345678" not in text, text


@check("a stream stopped by the guard raises an API error, not a protocol error")
def blocked_stream():
    received = []
    try:
        for chunk in client.chat.completions.create(model="upstream", stream=True,
                                                    messages=[{"role": "user", "content": "BANNED " + QUESTION}]):
            if chunk.choices:
                received.append(chunk.choices[0].delta.content or "")
    except openai.APIConnectionError as error:
        raise AssertionError(f"protocol/connection error instead of an API error: {error!r}")
    except openai.APIError as error:
        assert "answer_violation" in str(error.body) or "banned phrase" in str(error), repr(error)
        assert "哈" not in "".join(received), received
        return
    raise AssertionError(f"no error raised; received {''.join(received)!r}")


@check("embeddings (the SDK asks for base64) come back as floats of the route's dimension")
def embeddings():
    result = client.embeddings.create(model="cs", input=[QUESTION, "另一个问题"])
    assert len(result.data) == 2 and len(result.data[0].embedding) == 256


@check("a wrong key raises AuthenticationError with Hegui's code")
def bad_key():
    try:
        openai.OpenAI(base_url=args.base_url, api_key="hg_wrong", max_retries=0).models.list()
    except openai.AuthenticationError as error:
        assert error.code == "invalid_api_key", error.code
        return
    raise AssertionError("no error")


@check("sampling settings reach the model server: a small max_tokens comes back as finish_reason length")
def sampling():
    completion = client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": QUESTION}],
                                                temperature=0.3, top_p=0.9, seed=7, stop=["13812345678"], max_tokens=32)
    assert completion.choices[0].finish_reason == "length", completion
    completion = client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": QUESTION}],
                                                max_completion_tokens=512)
    assert completion.choices[0].finish_reason == "stop", completion
    chunks = list(client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": QUESTION}],
                                                 max_tokens=32, stream=True))
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "length", chunks


@check("n=2 and tools raise BadRequestError naming the field; nothing is silently dropped")
def unsupported():
    for extra, param in [({"n": 2}, "n"),
                         ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}, "tools")]:
        try:
            client.chat.completions.create(model="upstream", messages=[{"role": "user", "content": QUESTION}], **extra)
        except openai.BadRequestError as error:
            assert error.code == "unsupported_parameter" and error.param == param, (error.code, error.param)
            continue
        raise AssertionError(f"no error for {extra}")


@check("an unknown route raises NotFoundError")
def unknown_model():
    try:
        client.chat.completions.create(model="nope", messages=[{"role": "user", "content": "hi"}])
    except openai.NotFoundError as error:
        assert error.code == "model_not_found", error.code
        return
    raise AssertionError("no error")


sys.exit(1 if failures else 0)
