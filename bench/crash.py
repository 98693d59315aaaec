#!/usr/bin/env python3
"""Proof under crashes: the real server under concurrent submissions and step transitions over
the JSON API, killed with SIGKILL at random moments and restarted, CYCLES times. After every
restart each write the server acknowledged (a 2xx answer) must be there: every dossier code
answered, at least at the version answered; codes unique. At the end `motcua doctor` must pass
(SQLite integrity_check, schema, every event chain and anchor).

    bench/crash.py BIN CYCLES [--database-url URL]    (SQLite in a fresh data dir by default)
Standard library only. Prints one line per cycle and a summary; exits non-zero on any loss.
"""
import json, os, random, shutil, signal, socket, subprocess, sys, tempfile, threading, time
import urllib.request, urllib.error

PROCEDURE = "2.000633"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


class Server:
    def __init__(self, bin_, data_dir, url):
        self.bin, self.data_dir, self.url, self.proc = bin_, data_dir, url, None

    def args(self):
        a = [self.bin, "--data-dir", self.data_dir]
        if self.url:
            a += ["--database-url", self.url]
        return a

    def start(self):
        self.port = free_port()
        env = dict(os.environ, MOTCUA_DEMO_DOSSIERS="0", RUST_LOG="warn")
        self.log = open(os.path.join(self.data_dir, "server.log"), "ab")
        self.proc = subprocess.Popen(self.args() + ["serve", "--demo", "--addr", f"127.0.0.1:{self.port}"],
                                     stdout=self.log, stderr=self.log, env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=1).read(); return
            except Exception:
                if self.proc.poll() is not None:
                    raise SystemExit("server exited at start; see server.log")
                time.sleep(0.1)
        raise SystemExit("server not ready")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL); self.proc.wait(); self.log.close()


def call(base, method, path, body=None, token=None, headers=None, timeout=10):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode())
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def sign_in(base, user):
    s, v = call(base, "POST", "/api/v1/sessions", {"username": user, "password": "demo-" + user})
    assert s in (200, 201), (user, s)
    return v["token"]


class Ledger:
    """What the server acknowledged: code -> highest version answered."""
    def __init__(self):
        self.lock, self.acked, self.submissions, self.transitions = threading.Lock(), {}, 0, 0
        self.keys = {}

    def ack(self, code, version, kind, key=None):
        with self.lock:
            if key is not None:
                prev = self.keys.get(key)
                assert prev in (None, code), f"key {key} answered {prev} then {code}"
                self.keys[key] = code
            self.acked[code] = max(self.acked.get(code, 0), version)
            if kind == "s":
                self.submissions += 1
            else:
                self.transitions += 1


def worker(base, tokens, ledger, stop, wid):
    desk, spec = tokens
    n = 0
    while not stop.is_set():
        n += 1
        key = f"crash-{os.getpid()}-{wid}-{n}-{random.random()}"
        body = {"procedure_code": PROCEDURE, "channel": "direct",
                "applicant": {"name": f"Người nộp {wid}-{n}", "id_number": f"0010{wid:04d}{n:06d}"[:12]}}
        try:
            s, v = call(base, "POST", "/api/v1/dossiers", body, desk, {"Idempotency-Key": key})
        except Exception:
            return
        if s not in (200, 201):
            if s is None or s >= 500:
                return
            continue
        code = v["dossier"]["code"] if "dossier" in v else v["code"]
        ver = v["dossier"]["version"] if "dossier" in v else v["version"]
        ledger.ack(code, ver, "s", key)
        for tok, cmd in ((desk, {"type": "forward"}), (spec, {"type": "claim"})):
            try:
                s, v = call(base, "POST", f"/api/v1/dossiers/{code}/actions", {"command": cmd}, tok)
            except Exception:
                return
            if s == 200:
                ledger.ack(code, v["dossier"]["version"] if "dossier" in v else v["version"], "t")


def verify(base, token, ledger):
    lost = []
    for code, version in list(ledger.acked.items()):
        s, v = call(base, "GET", f"/api/v1/dossiers/{code}", token=token)
        got = (v or {}).get("dossier", v or {}).get("version", -1) if s == 200 else -1
        if got < version:
            lost.append((code, version, s, got))
    return lost


def main():
    bin_, cycles = sys.argv[1], int(sys.argv[2])
    url = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--database-url" else None
    data_dir = tempfile.mkdtemp(prefix="motcua-crash-")
    srv, ledger, total_lost = Server(bin_, data_dir, url), Ledger(), 0
    t0 = time.time()
    for cycle in range(1, cycles + 1):
        srv.start()
        tokens = (sign_in(srv.base, "tiepnhan"), sign_in(srv.base, "chuyenvien"))
        lost = verify(srv.base, tokens[0], ledger)
        total_lost += len(lost)
        stop = threading.Event()
        threads = [threading.Thread(target=worker, args=(srv.base, tokens, ledger, stop, i)) for i in range(16)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(1.0, 4.0))
        srv.kill9()
        stop.set()
        for t in threads:
            t.join()
        print(f"cycle {cycle}: acknowledged so far {len(ledger.acked)} dossiers, "
              f"{ledger.submissions} submissions, {ledger.transitions} transitions; "
              f"lost at restart: {len(lost)} {lost[:3]}", flush=True)
    srv.start()
    token = sign_in(srv.base, "tiepnhan")
    lost = verify(srv.base, token, ledger)
    total_lost += len(lost)
    srv.kill9()
    codes = list(ledger.acked)
    dup = len(codes) - len(set(codes))
    doctor = subprocess.run(srv.args() + ["doctor", "--quiet"], capture_output=True, text=True)
    print(doctor.stdout.strip())
    print(f"SUMMARY: {cycles} kill -9 cycles in {time.time() - t0:.0f} s; "
          f"{ledger.submissions} acknowledged submissions, {ledger.transitions} acknowledged transitions, "
          f"{len(codes)} dossiers; lost {total_lost}; duplicate codes {dup}; doctor exit {doctor.returncode}")
    if total_lost or dup or doctor.returncode:
        sys.exit(1)
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
