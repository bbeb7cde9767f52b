"""A real WordPress on 127.0.0.1 for the publishing tests: MariaDB in a temporary data
directory, WordPress from the Debian package served by `php -S`, installed through its
own install step, with an application password.

Debian's /usr/share/wordpress reads its settings from /etc/wordpress (one file per host
name), and PHP resolves symlinked files to their real path, so a symlinked tree would
still load Debian's config: the tree is copied once (about 90 MB) and given its own
wp-config.php, which takes the database and the address from the environment of the
`php -S` serving it, so every site is a database and a web server of its own. WP_ENVIRONMENT_TYPE=local lets application passwords work over
plain HTTP. The application password is made by WordPress's own PHP function
(`WP_Application_Passwords::create_new_application_password`) run by `php` against the
installed site: no cookie, nonce or admin page scraping that a WordPress release could
change.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

WORDPRESS_TREE = Path("/usr/share/wordpress")
PACKAGES = "mariadb-server php-cli php-mysql wordpress"
ADMIN = "admin"
ADMIN_PASSWORD = "blogwire-tests-Pa55!"  # the login password: only the install step uses it


class WordPressUnavailable(Exception):
    """WordPress could not be started here; the message says why, in one line."""


@dataclass
class WordPress:
    url: str  # http://127.0.0.1:PORT
    username: str
    app_password: str
    root: Path  # the copied WordPress tree
    php: subprocess.Popen[bytes]
    port: int
    log: Path
    env: dict[str, str]  # the database and address this site's PHP runs with

    def api(self, path: str, **params: object) -> object:
        """GET one REST route as the admin (context=edit shows raw fields)."""
        response = httpx.get(
            f"{self.url}/wp-json{path}",
            params={k: str(v) for k, v in params.items()},
            auth=(self.username, self.app_password),
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def posts(self) -> list[dict[str, object]]:
        found = self.api(
            "/wp/v2/posts", per_page=100, context="edit", status="publish,draft,future,pending"
        )
        assert isinstance(found, list)
        return found

    def add_user(self, login: str, role: str) -> str:
        """A user with that role, and an application password for it."""
        script = (
            "require getenv('WP_ROOT') . '/wp-load.php';"
            "$id = wp_create_user(getenv('WP_USER'), wp_generate_password(), "
            "getenv('WP_USER') . '@example.com');"
            "(new WP_User($id))->set_role(getenv('WP_ROLE'));"
            "$made = WP_Application_Passwords::create_new_application_password("
            "$id, array('name' => 'blogwire tests'));"
            "echo json_encode(array('password' => $made[0]));"
        )
        env = {**self.env, "WP_ROOT": str(self.root), "WP_USER": login, "WP_ROLE": role}
        return str(json.loads(_run(["php", "-r", script], f"adding {login}", env=env))["password"])

    def stop(self) -> None:
        """Stop the web server (the database keeps running): WordPress is down."""
        if self.php.poll() is None:
            # the whole group: PHP_CLI_SERVER_WORKERS forks workers that would go on serving
            os.killpg(self.php.pid, signal.SIGTERM)
            self.php.wait(10)

    def start(self) -> None:
        """(Re)start the web server on the same port."""
        if self.php.poll() is None:
            return
        self.php = _serve_php(self.root, self.port, self.log, self.env)


def missing_tools() -> str | None:
    """Why this machine cannot run the real-WordPress tests, or None."""
    needed = {
        "mariadbd": shutil.which("mariadbd") or _sbin("mariadbd"),
        "mariadb-install-db": shutil.which("mariadb-install-db"),
        "mariadb": shutil.which("mariadb"),
        "php": shutil.which("php"),
    }
    absent = [name for name, path in needed.items() if not path]
    if not (WORDPRESS_TREE / "wp-admin" / "install.php").is_file():
        absent.append(str(WORDPRESS_TREE))
    if absent:
        return f"missing {', '.join(absent)} (apt-get install {PACKAGES})"
    probe = subprocess.run(
        ["php", "-r", "echo extension_loaded('mysqli') ? 'ok' : 'no';"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.stdout.strip() != "ok":
        return f"php has no mysqli extension (apt-get install {PACKAGES})"
    return None


def _sbin(name: str) -> str | None:
    path = Path("/usr/sbin") / name
    return str(path) if path.is_file() else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(what: str, ready: object, seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():  # type: ignore[operator]
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log else []
    raise WordPressUnavailable(
        f"{what} did not start in {seconds:g} s" + "".join(f": {line}" for line in tail)
    )


def _run(args: list[str], what: str, **kwargs: object) -> str:
    done = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise WordPressUnavailable(f"{what} failed: {last[0]}")
    return str(done.stdout)


@contextmanager
def mariadb(base: Path) -> Iterator[Path]:
    """A MariaDB server of its own: data in `base/db`, reached only by its socket."""
    datadir, sock, log = base / "db", base / "mysql.sock", base / "mariadb.log"
    user = ["--user=root"] if os.getuid() == 0 else []
    _run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={datadir}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *user,
        ],
        "mariadb-install-db",
    )
    server = subprocess.Popen(
        [
            shutil.which("mariadbd") or _sbin("mariadbd") or "mariadbd",
            "--no-defaults",
            f"--datadir={datadir}",
            f"--socket={sock}",
            f"--pid-file={base / 'mariadb.pid'}",
            "--skip-networking",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=16M",
            *user,
        ],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        _wait_for("MariaDB", sock.exists, 30, log)
        _sql(sock, "CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp';")
        yield sock
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _sql(sock: Path, statements: str) -> None:
    _run(
        ["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "-e", statements],
        "MariaDB",
    )


_CONFIG = """<?php
define('DB_NAME', getenv('BLOGWIRE_WP_DB'));
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', getenv('BLOGWIRE_WP_URL'));
define('WP_SITEURL', getenv('BLOGWIRE_WP_URL'));
define('WP_ENVIRONMENT_TYPE', 'local');
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTH_KEY', '{salt}a'); define('SECURE_AUTH_KEY', '{salt}b');
define('LOGGED_IN_KEY', '{salt}c'); define('NONCE_KEY', '{salt}d');
define('AUTH_SALT', '{salt}e'); define('SECURE_AUTH_SALT', '{salt}f');
define('LOGGED_IN_SALT', '{salt}g'); define('NONCE_SALT', '{salt}h');
$table_prefix = 'wp_';
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
"""

# Routes every request to WordPress the way Apache's rewrite rules would, so
# /wp-json/... works with pretty permalinks off or on.
_ROUTER = """<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && file_exists(__DIR__ . $path) && !is_dir(__DIR__ . $path)) return false;
if (is_dir(__DIR__ . $path) && file_exists(__DIR__ . rtrim($path, '/') . '/index.php')) {
    require __DIR__ . rtrim($path, '/') . '/index.php'; return true;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
require __DIR__ . '/index.php';
"""

_APP_PASSWORD = """
require getenv('WP_ROOT') . '/wp-load.php';
$user = get_user_by('login', getenv('WP_USER'));
$made = WP_Application_Passwords::create_new_application_password(
    $user->ID, array('name' => 'blogwire tests'));
if (is_wp_error($made)) { fwrite(STDERR, $made->get_error_message()); exit(1); }
echo json_encode(array('password' => $made[0]));
"""


def _serve_php(root: Path, port: int, log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            "php",
            "-d",
            "variables_order=EGPCS",
            "-S",
            f"127.0.0.1:{port}",
            "-t",
            str(root),
            str(root / "router.php"),
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
        # PHP's built-in server answers one request at a time unless told otherwise
        env={**env, "PHP_CLI_SERVER_WORKERS": "4"},
        start_new_session=True,
    )

    def answers() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            return False

    _wait_for("php -S", answers, 20, log)
    return server


@dataclass
class Host:
    """What the sites of a test session share: one MariaDB server and one copy of
    WordPress whose wp-config.php takes the database and address from the
    environment, so each site is a database and a `php -S` of its own."""

    base: Path
    root: Path
    socket: Path
    sites: int = 0


@contextmanager
def wordpress_host() -> Iterator[Host]:
    why = missing_tools()
    if why:
        raise WordPressUnavailable(why)
    with tempfile.TemporaryDirectory(prefix="blogwire-wp-") as scratch:
        base = Path(scratch)
        with mariadb(base) as sock:
            root = base / "wordpress"
            shutil.copytree(WORDPRESS_TREE, root, symlinks=True)
            (root / "wp-config.php").unlink()  # Debian's, which reads /etc/wordpress
            (root / "wp-config.php").write_text(
                _CONFIG.format(socket=sock, salt=os.urandom(16).hex())
            )
            (root / "router.php").write_text(_ROUTER)
            yield Host(base, root, sock)


@contextmanager
def wordpress(host: Host | None = None) -> Iterator[WordPress]:
    """A fresh, installed WordPress with an administrator and an application password
    (on `host`, or on a host of its own)."""
    if host is None:
        with wordpress_host() as own, wordpress(own) as site:
            yield site
        return
    host.sites += 1
    database = f"wp{host.sites}"
    _sql(host.socket, f"CREATE DATABASE {database}; GRANT ALL ON {database}.* TO 'wp'@'localhost';")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BLOGWIRE_WP_DB": database, "BLOGWIRE_WP_URL": url}
    log = host.base / f"php-{database}.log"
    php = _serve_php(host.root, port, log, env)
    site = WordPress(url, ADMIN, "", host.root, php, port, log, env)
    try:
        _install(site)
        site.app_password = _app_password(site)
        yield site
    finally:
        site.stop()


def _install(site: WordPress) -> None:
    """WordPress's own install step, as a browser would submit it."""
    form = {
        "weblog_title": "blogwire test site",
        "user_name": ADMIN,
        "admin_password": ADMIN_PASSWORD,
        "admin_password2": ADMIN_PASSWORD,
        "pw_weak": "1",
        "admin_email": "admin@example.com",
        "blog_public": "0",
        "language": "",
    }
    try:
        response = httpx.post(f"{site.url}/wp-admin/install.php?step=2", data=form, timeout=120)
    except httpx.HTTPError as exc:
        raise WordPressUnavailable(f"the install step failed: {exc}") from exc
    if response.status_code != 200 or "install-success" not in response.text:
        raise WordPressUnavailable(
            f"the install step answered HTTP {response.status_code} without success"
        )


def _app_password(site: WordPress) -> str:
    out = _run(
        ["php", "-r", _APP_PASSWORD],
        "creating an application password",
        env={**site.env, "WP_ROOT": str(site.root), "WP_USER": site.username},
    )
    return str(json.loads(out)["password"])
