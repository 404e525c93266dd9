"""A stand-in OpenAI-compatible model server for the SDK test (test tooling, not product).

POST /v1/chat/completions answers in Hegui's required shape, citing the first clause listed in the
system prompt. A last user message containing BANNED gets an answer whose explanation contains a
banned phrase split across two stream chunks, so the gateway must stop the stream mid-way. A
request whose `max_tokens` is 64 or less is answered with `finish_reason: length`, as a server that
hit the limit would; every other answer ends with `stop`.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        messages = body.get("messages", [])
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        question = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
        citation = "《未知》第一条"
        for line in system.splitlines():
            if line.startswith("[1] "):
                citation = line[4:].split("：")[0]
        explanation = "请您本人携带有效证件到网点办理，我们会依法保护您的个人信息，感谢您的耐心等待与理解。"
        pieces = [f"【政策依据】{citation}。\n", "【简明解释】", explanation[:20], explanation[20:]]
        if "BANNED" in question:
            pieces += ["哈", "喽，祝您生活愉快，有问题随时联系我们的官方客服热线，我们将竭诚为您服务。"]
        if not body.get("stream"):
            reply = {"id": "mock", "object": "chat.completion", "model": body.get("model", ""),
                     "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(pieces)},
                                  "finish_reason": "length" if body.get("max_tokens", 10_000) <= 64 else "stop"}]}
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        frames = [f"data: {json.dumps({'id': 'mock', 'object': 'chat.completion.chunk', 'choices': [{'index': 0, 'delta': {'content': p}, 'finish_reason': None}]})}\n\n" for p in pieces]
        finish = "length" if body.get("max_tokens", 10_000) <= 64 else "stop"
        frames.append(f"data: {json.dumps({'id': 'mock', 'object': 'chat.completion.chunk', 'choices': [{'index': 0, 'delta': {}, 'finish_reason': finish}]})}\n\n")
        frames.append("data: [DONE]\n\n")
        data = "".join(frames).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
