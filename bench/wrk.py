"""Load from wrk: Lua scripts written per run, and the numbers read back from its report."""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CONNECTIONS = 32
THREADS = 2

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}

# Every request names a made-up client, as the reverse proxy in front of gunicorn would:
# the tracking limiter then keeps one history per client instead of one for 127.0.0.1.
_LUA_COMMON = """
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  math.randomseed(os.time() * 1000 + id)
end
local function client_address()
  return "198.18." .. math.random(0, 255) .. "." .. math.random(1, 254)
end
"""

_LUA_TRACKING = """
local codes = {%(codes)s}
request = function()
  local code = codes[math.random(#codes)]
  local path = "/api/v1/track/" .. code .. "/"
  return wrk.format("GET", path, {["X-Forwarded-For"] = client_address()})
end
"""

_LUA_POST = """
local bodies = {%(bodies)s}
local headers = {
  ["Content-Type"] = "application/json",
  ["Authorization"] = %(authorization)s,
}
request = function()
  return wrk.format("POST", %(path)s, headers, bodies[math.random(#bodies)])
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(value: str) -> str:
    """Quote a string for Lua 5.1, byte by byte: it knows no \\u escapes, only \\ddd."""
    quoted = "".join(
        chr(byte) if 32 <= byte < 127 and byte not in b'"\\' else f"\\{byte:03d}"
        for byte in value.encode()
    )
    return f'"{quoted}"'


def tracking_script(directory: Path, codes: list[str]) -> Path:
    path = directory / "tracking.lua"
    listed = ",".join(_lua_string(code) for code in codes)
    path.write_text(_LUA_COMMON + _LUA_TRACKING % {"codes": listed})
    return path


def post_script(directory: Path, name: str, path: str, token: str, bodies: list[dict]) -> Path:
    script = directory / f"{name}.lua"
    listed = ",\n".join(_lua_string(json.dumps(body, ensure_ascii=False)) for body in bodies)
    values = {
        "bodies": listed,
        "authorization": _lua_string(f"Token {token}"),
        "path": _lua_string(path),
    }
    script.write_text(_LUA_COMMON + _LUA_POST % values)
    return script


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(output: str) -> WrkResult:
    """Read requests/s, latency percentiles and failures from wrk's --latency report."""

    def find(pattern: str) -> re.Match | None:
        return re.search(pattern, output, re.MULTILINE)

    rate = find(r"^Requests/sec:\s+([\d.]+)")
    p50 = find(r"^\s+50%\s+(\S+)")
    p99 = find(r"^\s+99%\s+(\S+)")
    total = find(r"^\s+(\d+) requests in")
    if not (rate and p50 and p99 and total):
        raise ValueError(f"could not read wrk's report:\n{output}")
    non_2xx = find(r"Non-2xx or 3xx responses:\s+(\d+)")
    errors = find(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=_milliseconds(p50.group(1)),
        p99_ms=_milliseconds(p99.group(1)),
        requests=int(total.group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def run(url: str, *, seconds: int, script: Path | None = None) -> WrkResult:
    """Load `url` with 32 connections for `seconds`; the script, if any, shapes each request."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command.append("--timeout=10s")
    if script is not None:
        command += ["-s", str(script)]
    completed = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    return parse(completed.stdout)
