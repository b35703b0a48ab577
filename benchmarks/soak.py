"""Soak test: a realistic mix of readers and writers on gunicorn, a crash mid-write, a database stop.

Run: ``.venv/bin/python benchmarks/soak.py [--duration 60] [--workers 4] [--skip-postgres]``
(``make soak``). Everything runs on 127.0.0.1 in a temporary folder that is removed afterwards; the
script stops by itself and exits 1 when any check fails.

1. **Mixed load** (``--duration`` seconds, default 60) on gunicorn (``--workers`` sync workers,
   production-like settings, a throwaway SQLite database with the content loaded): readers fetch the
   public pages, /search/ and /api/search; signed-in writers (one account and record each) sign in
   again now and then, enter ALSFRS-R on their own record through the real form (CSRF token and
   all) and comment; guests comment too. The comment rate limits are raised for the run (one
   address sends everything) so comments are exercised. Reported: requests by kind, errors (any 5xx
   or connection error), p50 and p99. Target: zero errors, zero unexpected answers.
2. **kill -9 mid write-burst**: writers only, then SIGKILL to the gunicorn master and every worker;
   gunicorn is started again on the same database and every write the server acknowledged (a 302
   after the POST) must be there, and no ALSFRS-R half-written: every stored one has all twelve
   answers (items 1-4 and 6-12, exactly one of 5a/5b, each 0-4) and its audit-log event.
3. **Database stopped mid-request** (skipped with ``--skip-postgres``): the same site on a throwaway
   PostgreSQL cluster (port ``--pg-port``, default a free one); ``pg_ctl stop -m fast`` while requests run.
   Every answer must then be a 503 with the plain message (the site's layout for pages, the API's
   JSON error shape under /api/) or a normal answer, never a 500 or a dropped connection; after
   ``pg_ctl start`` the same gunicorn must answer normally again (recovery time reported).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import local_site
from bench_http_search import HOST, SETTINGS, free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "soak-Password-" + secrets.token_urlsafe(8)  # a throwaway account in a throwaway database
UNAVAILABLE = "The service is briefly unavailable. Please try again in a minute."
TREATMENT = "riluzole"
QUERIES = ["drooling", "stiff legs", "riluzole", "can't clear phlegm", "PEG", "save my voice", "cramps"]
READ_PATHS = [
    ("page", "/"),
    ("page", "/treatments/"),
    ("page", f"/treatments/{TREATMENT}/"),
    ("page", "/symptoms/"),
    *[("search", f"/search/?q={quote(q)}") for q in QUERIES],
    *[("api", f"/api/search?q={quote(q)}") for q in QUERIES],
    ("api", f"/api/treatments/{TREATMENT}"),
]
ITEMS = ["1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12"]

#: The soak's app: raise the comment rate limits (every client shares one address here).
SOAK_APP = """\
from django.apps import AppConfig


class SoakConfig(AppConfig):
    name = "soak_patches"

    def ready(self):
        from alsnav_web.community import protection

        for name in ("COMMENT_LIMIT_PER_ADDRESS", "COMMENT_LIMIT_PER_ACCOUNT"):
            limit = getattr(protection, name)
            setattr(protection, name, protection.RateLimit(limit.scope, 1_000_000, limit.window_seconds))
"""

SOAK_SETTINGS_EXTRA = """
INSTALLED_APPS = [*INSTALLED_APPS, "soak_patches.apps.SoakConfig"]  # noqa: F405
"""

POSTGRES_PREAMBLE = """\
import os
os.environ["DATABASE_URL"] = {url!r}  # read by config.settings.base: the project's own PostgreSQL settings
"""

MAKE_USERS = """
import json, sys, django
django.setup()
from django.contrib.auth import get_user_model
from alsnav_web.patients import services
made = {}
for n in range(int(sys.argv[1])):
    user = get_user_model().objects.create_user(
        username=f"soak-writer-{n}", email=f"soak-writer-{n}@example.org", password=sys.argv[2]
    )
    made[user.username] = str(services.record_create(owner=user).public_id)
print(json.dumps(made))
"""

VERIFY = """
import json, sys, django
django.setup()
from alsnav_web.community.models import Comment
from alsnav_web.patients.models import Assessment, AuditAction, AuditEvent, PatientRecord
acked = json.load(open(sys.argv[1]))
stored = {(str(pid), d.isoformat()) for pid, d in Assessment.objects.values_list("record__public_id", "date")}
missing = [a for a in acked["assessments"] if tuple(a) not in stored]
required = ["1", "2", "3", "4", "6", "7", "8", "9", "10", "11", "12"]
incomplete = 0
for a in Assessment.objects.all():
    values = [getattr(a, "item_" + k) for k in required]
    five = [v for v in (a.item_5a, a.item_5b) if v is not None]
    if any(v is None or not 0 <= v <= 4 for v in values) or len(five) != 1 or not 0 <= five[0] <= 4:
        incomplete += 1
unaudited = 0
for record in PatientRecord.objects.all():
    entries = Assessment.objects.filter(record=record).count()
    events = AuditEvent.objects.filter(record=record, action=AuditAction.ADD_ASSESSMENT).count()
    unaudited += max(0, entries - events)
bodies = "\\n".join(Comment.objects.filter(body__contains="soak-").values_list("body", flat=True))
missing_comments = [m for m in acked["comments"] if m not in bodies]
print(json.dumps({
    "assessments": Assessment.objects.count(), "missing": missing, "incomplete": incomplete,
    "unaudited": unaudited, "comments": Comment.objects.count(), "missing_comments": missing_comments,
}))
"""

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


# --- A small browser ------------------------------------------------------------------------


@dataclass
class Answer:
    status: int  # 0: the connection failed
    body: str
    headers: dict[str, str]


@dataclass
class Stats:
    """Per kind of request: latencies (ms), errors (5xx or connection) and unexpected answers."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unexpected: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float, answer: Answer, expected: tuple[int, ...]) -> None:
        with self.lock:
            self.latencies[kind].append(ms)
            if answer.status == 0 or answer.status >= 500:
                self.errors[kind] += 1
                self._sample(f"{kind}: {answer.status or 'connection error'} {answer.body[:200]!r}")
            elif answer.status not in expected:
                self.unexpected[kind] += 1
                self._sample(f"{kind}: unexpected {answer.status}")

    def _sample(self, text: str) -> None:
        if len(self.samples) < 10:
            self.samples.append(text)


class Browser:
    """Cookies kept between requests, one connection per request (gunicorn's sync workers)."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        expected: tuple[int, ...] = (200,),
        record: bool = True,
    ) -> Answer:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
            answer = Answer(response.status, text, {k.lower(): v for k, v in response.getheaders()})
            connection.close()
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, cut off mid-answer
            answer = Answer(0, f"{type(exc).__name__}: {exc}", {})
        if record:
            self.stats.add(kind, (time.perf_counter() - start) * 1000, answer, expected)
        return answer

    def form_tokens(self, kind: str, path: str) -> tuple[str, str] | None:
        """GET a form page; its CSRF token and (comment forms) its signed form token."""
        page = self.request(kind, "GET", path)
        csrf = _CSRF_FIELD.search(page.body)
        if page.status != 200 or csrf is None:
            return None
        token = _FORM_TOKEN.search(page.body)
        return csrf.group(1), token.group(1) if token else ""

    def sign_in(self, username: str) -> bool:
        tokens = self.form_tokens("form", "/accounts/sign-in/")
        if tokens is None:
            return False
        form = {"csrfmiddlewaretoken": tokens[0], "username": username, "password": PASSWORD}
        return self.request("sign-in", "POST", "/accounts/sign-in/", form, expected=(302,)).status == 302


# --- Clients -----------------------------------------------------------------------------------


@dataclass
class Acked:
    """Writes the server acknowledged (2xx/3xx after the POST)."""

    assessments: list[tuple[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Writer:
    """A signed-in person: ALSFRS-R on their own record, a comment now and then, signs in again."""

    def __init__(self, port: int, stats: Stats, acked: Acked, username: str, record: str, day0: int) -> None:
        self.browser = Browser(port, stats)
        self.acked, self.username, self.record = acked, username, record
        self.next_day = day0  # days before today, counting back: one ALSFRS-R per date
        self.entered = 0

    def alsfrs(self) -> None:
        path = f"/patients/{self.record}/alsfrs-r/new/"
        tokens = self.browser.form_tokens("form", path)
        if tokens is None or self.entered >= 900:  # a record holds at most 1,000
            return
        when = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=self.next_day)).isoformat()
        self.next_day += 1
        form = {"csrfmiddlewaretoken": tokens[0], "date": when, "answered_by": "self"}
        form.update({f"item_{key}": str(secrets.randbelow(5)) for key in ITEMS})
        answer = self.browser.request("alsfrs-r", "POST", path, form, expected=(302,))
        if answer.status == 302:
            self.entered += 1
            with self.acked.lock:
                self.acked.assessments.append((self.record, when))

    def comment(self, kind: str = "comment-member") -> None:
        comment(self.browser, self.acked, kind, guest=False)

    def step(self, n: int) -> None:
        if n % 25 == 0:
            self.browser.cookies.clear()
            self.browser.sign_in(self.username)
        if n % 5 == 4:
            self.comment()
        else:
            self.alsfrs()


def comment(browser: Browser, acked: Acked, kind: str, guest: bool) -> None:
    path = f"/community/treatments/{TREATMENT}/comments/"
    tokens = browser.form_tokens("form", path)
    if tokens is None:
        return
    marker = f"soak-{uuid.uuid4().hex}"
    form = {
        "csrfmiddlewaretoken": tokens[0],
        "form_token": tokens[1],
        "leave_this_empty": "",
        "body": f"Riluzole has been fine for me so far, no side effects to speak of ({marker}).",
    }
    if guest:
        form.update({"guest_name": "Sam", "guest_email": ""})
    if browser.request(kind, "POST", path, form, expected=(302,)).status == 302:
        with acked.lock:
            acked.comments.append(marker)


def run_clients(
    port: int,
    stats: Stats,
    acked: Acked,
    writers: list[Writer],
    readers: int,
    guests: int,
    seconds: float,
    stop: threading.Event | None = None,
) -> None:
    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds

    def until_done(step: Callable[[int], None]) -> None:
        n = 0
        while time.monotonic() < deadline and not stop.is_set():
            step(n)
            n += 1

    def reader(offset: int) -> Callable[[int], None]:
        browser = Browser(port, stats)

        def step(n: int) -> None:
            kind, path = READ_PATHS[(n + offset) % len(READ_PATHS)]
            browser.request(kind, "GET", path)

        return step

    def guest(n: int) -> None:
        comment(Browser(port, stats), acked, "comment-guest", guest=True)

    steps = [w.step for w in writers] + [reader(7 * r) for r in range(readers)] + [guest] * guests
    threads = [threading.Thread(target=until_done, args=(s,)) for s in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def print_table(stats: Stats) -> tuple[int, int, int]:
    print(f"  {'kind':<16} {'requests':>8} {'errors':>6} {'unexp.':>6} {'p50 ms':>8} {'p99 ms':>8}")
    everything: list[float] = []
    for kind in sorted(stats.latencies):
        values = stats.latencies[kind]
        everything.extend(values)
        print(
            f"  {kind:<16} {len(values):8d} {stats.errors[kind]:6d} {stats.unexpected[kind]:6d} "
            f"{percentile(values, 0.5):8.1f} {percentile(values, 0.99):8.1f}"
        )
    errors, unexpected = sum(stats.errors.values()), sum(stats.unexpected.values())
    print(
        f"  {'all':<16} {len(everything):8d} {errors:6d} {unexpected:6d} "
        f"{percentile(everything, 0.5):8.1f} {percentile(everything, 0.99):8.1f}"
    )
    for sample in stats.samples:
        print(f"    e.g. {sample}")
    return len(everything), errors, unexpected


# --- The site ----------------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def start(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = local_site.start_gunicorn(env, HOST, port, workers, "--timeout", "60")
    wait_until_up(port, timeout=60)
    warm = Browser(port, Stats())
    for _ in range(2 * workers):  # every worker loads the catalogue and the search index once
        for kind, path in READ_PATHS:
            warm.request(kind, "GET", path, record=False)
    return server, port


def stop(server: subprocess.Popen[bytes] | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        for pid in children_of(server.pid):
            os.kill(pid, signal.SIGKILL)
        server.kill()
        server.wait()


def manage_python(env: dict[str, str], script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"setting up the soak site failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def make_site(folder: Path, preamble: str = "") -> dict[str, str]:
    settings = preamble + SETTINGS.format(
        secret=secrets.token_urlsafe(40), database=str(folder / "soak.sqlite3")
    )
    if preamble:  # PostgreSQL: keep the project's database settings, not the benchmark's SQLite file
        settings = settings.replace('DATABASES["default"]["NAME"]', "_SQLITE_NAME")
    package = folder / "soak_patches"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "apps.py").write_text(SOAK_APP)
    env = local_site.prepare(folder, settings + SOAK_SETTINGS_EXTRA)
    env["PYTHONWARNINGS"] = "ignore:No directory at:UserWarning"  # no collectstatic: finders serve
    return env


def make_writers(env: dict[str, str], count: int, port: int, stats: Stats, acked: Acked) -> list[Writer]:
    users: dict[str, str] = json.loads(manage_python(env, MAKE_USERS, str(count), PASSWORD))
    writers = [Writer(port, stats, acked, name, record, 1) for name, record in users.items()]
    for writer in writers:
        if not writer.browser.sign_in(writer.username):
            raise SystemExit(f"could not sign in as {writer.username}")
    return writers


# --- The three parts ---------------------------------------------------------------------------


def soak_sqlite(args: argparse.Namespace, folder: Path) -> list[str]:
    """Parts 1 and 2. Returns the failed checks."""
    failed: list[str] = []
    env = make_site(folder)
    server, port = start(env, args.workers)
    try:
        stats, acked = Stats(), Acked()
        writers = make_writers(env, args.writers, port, stats, acked)
        print(
            f"\n1. mixed load: {args.duration} s, gunicorn {args.workers} workers on {HOST}:{port}, "
            f"{len(writers)} signed-in writers, {args.readers} readers, {args.guests} guest commenters",
            flush=True,
        )
        run_clients(port, stats, acked, writers, args.readers, args.guests, args.duration)
        total, errors, unexpected = print_table(stats)
        print(f"  acknowledged writes: {len(acked.assessments)} ALSFRS-R, {len(acked.comments)} comments")
        if errors or unexpected:
            failed.append(f"mixed load: {errors} errors, {unexpected} unexpected answers of {total}")
        if not acked.assessments or not acked.comments:
            failed.append("mixed load: no ALSFRS-R or no comment was acknowledged")

        print("\n2. kill -9 of gunicorn (master and workers) during a write burst", flush=True)
        burst = Stats()
        for writer in writers:
            writer.browser.stats = burst
        halt = threading.Event()
        load = threading.Thread(
            target=run_clients, args=(port, burst, acked, writers, 0, args.guests, 60.0, halt)
        )
        before = len(acked.assessments)
        load.start()
        burst_began = time.monotonic()
        # Mid-burst: after --burst-seconds and once writes are being acknowledged (a busy machine
        # may take longer to get there; 30 s at most).
        while time.monotonic() - burst_began < 30 and (
            time.monotonic() - burst_began < args.burst_seconds or len(acked.assessments) - before < 3
        ):
            time.sleep(0.05)
        victims = [*children_of(server.pid), server.pid]
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        server.wait()
        halt.set()
        load.join()
        print(
            f"  killed {len(victims)} processes after {killed_at - burst_began:.1f} s of writes; "
            f"{len(acked.assessments) - before} ALSFRS-R acknowledged in the burst, "
            f"{sum(burst.errors.values())} requests cut off (expected)"
        )
        server, port = start(env, args.workers)
        print(f"  gunicorn started again in {time.monotonic() - killed_at:.1f} s")
        acked_file = folder / "acked.json"
        acked_file.write_text(json.dumps({"assessments": acked.assessments, "comments": acked.comments}))
        found = json.loads(manage_python(env, VERIFY, str(acked_file)))
        print(
            f"  acknowledged: {len(acked.assessments)} ALSFRS-R, {len(acked.comments)} comments; "
            f"in the database: {found['assessments']} ALSFRS-R, {found['comments']} comments"
        )
        print(
            f"  acknowledged but missing: {len(found['missing'])} ALSFRS-R, "
            f"{len(found['missing_comments'])} comments; half-written ALSFRS-R: {found['incomplete']}; "
            f"without their audit event: {found['unaudited']}"
        )
        if found["missing"] or found["missing_comments"] or found["incomplete"] or found["unaudited"]:
            failed.append("kill -9: acknowledged writes missing or entries half-written")
        after = Stats()
        check = Browser(port, after)
        for kind, path in READ_PATHS:
            check.request(kind, "GET", path)
        if sum(after.errors.values()) or sum(after.unexpected.values()):
            failed.append("kill -9: the restarted site does not answer normally")
        else:
            print(f"  restarted site answers normally ({len(READ_PATHS)} pages checked)")
    finally:
        stop(server)
    return failed


class Postgres:
    """A throwaway cluster on 127.0.0.1 (as scripts/with-postgres.sh does), stopped and removed after."""

    def __init__(self, port: int) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise SystemExit("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin, self.port = bins[-1], port
        self.folder = Path(tempfile.mkdtemp(prefix="alsnav-soak-pg-"))
        self.data = self.folder / "data"
        if os.getuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self) -> None:
        with socket.socket() as probe:
            if probe.connect_ex((HOST, self.port)) == 0:
                raise SystemExit(f"port {self.port} is already in use; choose another with --pg-port")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()
        self._run(
            str(self.bin / "psql"),
            "-h",
            HOST,
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-qc",
            "CREATE DATABASE alsnav",
            "postgres",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-t",
            "30",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def check_outage_answer(answer: Answer, api: bool) -> str | None:
    """Why an answer given while the database is down is wrong, or None when it is right."""
    if answer.status == 0:
        return f"connection error: {answer.body[:100]}"
    if answer.status < 500:
        return None  # served without the database (cached or in memory): fine
    if answer.status != 503:
        return f"{answer.status} instead of 503"
    if "retry-after" not in answer.headers:
        return "503 without Retry-After"
    if api:
        try:
            body = json.loads(answer.body)
        except ValueError:
            return "API 503 that is not JSON"
        return None if body == {"detail": UNAVAILABLE, "problems": []} else f"API 503 body {body}"
    if UNAVAILABLE not in answer.body or 'class="site-header"' not in answer.body:
        return "503 page without the message or the site's layout"
    if "Traceback" in answer.body:
        return "a traceback on the page"
    return None


def soak_postgres(args: argparse.Namespace, folder: Path) -> list[str]:
    """Part 3. Returns the failed checks."""
    failed: list[str] = []
    args.pg_port = args.pg_port or free_port()
    pg = Postgres(args.pg_port)
    server = None
    try:
        try:
            pg.init()
        except subprocess.CalledProcessError:
            log = pg.folder / "server.log"
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else "(no server log)"
            print(f"\n3. PostgreSQL did not start on {HOST}:{args.pg_port}; its log ends:\n{tail}")
            return ["PostgreSQL did not start (see its log above)"]
        url = f"postgres://postgres@{HOST}:{args.pg_port}/alsnav"
        env = make_site(folder, POSTGRES_PREAMBLE.format(url=url))
        server, port = start(env, args.workers)
        stats, acked = Stats(), Acked()
        writers = make_writers(env, 2, port, stats, acked)
        probes = [*READ_PATHS, ("record", f"/patients/{writers[0].record}/")]
        print(
            f"\n3. PostgreSQL {pg.bin.parent.name} on {HOST}:{args.pg_port} stopped (pg_ctl stop -m fast) "
            f"while requests run; gunicorn {args.workers} workers on {HOST}:{port}",
            flush=True,
        )
        outcomes: dict[str, int] = defaultdict(int)
        wrong: list[str] = []
        phase = ["up"]
        halt = threading.Event()
        lock = threading.Lock()

        def probe_loop(offset: int) -> None:
            browser = writers[0].browser if offset == 0 else Browser(port, Stats())
            n = offset
            while not halt.is_set():
                kind, path = READ_PATHS[n % len(READ_PATHS)] if offset else probes[-1]
                n += 1
                answer = browser.request(kind, "GET", path, record=False)
                with lock:
                    outcomes[f"{phase[0]}: {answer.status or 'connection error'}"] += 1
                    if phase[0] in ("up", "recovered"):
                        problem = None if answer.status == 200 else f"{answer.status} instead of 200"
                    else:  # stopping, down, starting, just started: a normal answer or a proper 503
                        problem = check_outage_answer(answer, path.startswith("/api/"))
                    if problem and len(wrong) < 10:
                        wrong.append(f"{phase[0]} {path}: {problem}")
                time.sleep(0.01)

        threads = [threading.Thread(target=probe_loop, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        with lock:
            phase[0] = "stopping"
        pg.stop("fast")
        with lock:
            phase[0] = "down"
        time.sleep(args.outage_seconds)
        with lock:
            phase[0] = "starting"
        pg.start()
        started = time.monotonic()
        with lock:
            phase[0] = "after start"
        # Recovered from the first answer of a run in which every probe path (the signed-in record
        # page included) answers 200 three times in a row, so every worker has reconnected.
        recovered_at = None
        check = Browser(port, Stats())
        check.cookies = dict(writers[0].browser.cookies)
        streak, streak_began = 0, started
        while time.monotonic() - started < 60:
            kind, path = probes[streak % len(probes)]
            asked = time.monotonic()
            answer = check.request(kind, "GET", path, record=False)
            if answer.status != 200:
                streak = 0
            elif streak == 0:
                streak, streak_began = 1, asked
            else:
                streak += 1
            if streak >= 3 * len(probes):
                recovered_at = streak_began
                break
            time.sleep(0.02)
        with lock:
            phase[0] = "recovered"
        time.sleep(2)
        halt.set()
        for thread in threads:
            thread.join()
        for key in sorted(outcomes):
            print(f"  {key:<26} {outcomes[key]:6d} answers")
        if recovered_at is None:
            failed.append("database stop: the site did not recover within 60 s of the database restarting")
        else:
            print(
                f"  recovered {recovered_at - started:.2f} s after PostgreSQL was back "
                f"(gunicorn not restarted; outage {args.outage_seconds:g} s)"
            )
        if not any(k.startswith("down: 503") for k in outcomes):
            failed.append("database stop: no 503 was seen while the database was down")
        if wrong:
            failed.append("database stop: wrong answers: " + "; ".join(wrong))
    finally:
        stop(server)
        pg.remove()
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of mixed load (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--writers", type=int, default=4, help="signed-in writers (default 4)")
    parser.add_argument("--readers", type=int, default=4, help="anonymous readers (default 4)")
    parser.add_argument("--guests", type=int, default=2, help="guest commenters (default 2)")
    parser.add_argument("--burst-seconds", type=float, default=3.0, help="writes before kill -9 (default 3)")
    parser.add_argument("--outage-seconds", type=float, default=5.0, help="database down for (default 5)")
    parser.add_argument(
        "--pg-port", type=int, default=0, help="the PostgreSQL cluster's port (default: a free one)"
    )
    parser.add_argument("--skip-postgres", action="store_true", help="only the SQLite parts (1 and 2)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="alsnav-soak-"))
    began = time.monotonic()
    try:
        (folder / "sqlite").mkdir()
        failed = soak_sqlite(args, folder / "sqlite")
        if args.skip_postgres:
            print("\n3. database stop on PostgreSQL: skipped (--skip-postgres)")
        else:
            (folder / "postgres").mkdir()
            failed += soak_postgres(args, folder / "postgres")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"\nsoak finished in {time.monotonic() - began:.0f} s")
    if failed:
        print("FAILED:\n  " + "\n  ".join(failed))
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
