//! A throwaway PostgreSQL cluster the tests start themselves, from Debian's
//! `postgresql` package (`/usr/lib/postgresql/*/bin`).
//!
//! - [`fresh_url`]: a new, empty database on this test binary's one shared
//!   cluster ([`cluster`]), as a `postgres://…` url. Quick (a `CREATE
//!   DATABASE`); use it for anything that only needs a database.
//! - [`PgCluster::start`]: a cluster of one's own, stopped and removed when
//!   dropped; [`PgCluster::stop`] / [`PgCluster::restart`] make the database
//!   unreachable and back (503 tests).
//!
//! The cluster listens on a free port of 127.0.0.1 (trust authentication,
//! user `postgres`), its socket and data in a temporary folder, with fsync
//! off (commits still reach the WAL: an immediate stop loses nothing
//! committed, only an OS crash would). Run as root, it runs as the
//! unprivileged `nobody` (PostgreSQL refuses root). The shared cluster is
//! never dropped (a static), so a small watchdog process stops it
//! (SIGQUIT, an immediate shutdown) and removes its folder once the test
//! binary has exited, even after a panic or a kill.

use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct PgCluster {
    /// The temporary folder: `data/`, the socket, `server.log`.
    dir: PathBuf,
    bin: PathBuf,
    pub port: u16,
    /// `(uid, gid)` the server runs as when the tests run as root.
    owner: Option<(u32, u32)>,
    /// Whether [`Drop`] removes the cluster (the shared one is left to the
    /// watchdog).
    owned: bool,
}

/// This test binary's cluster, started on first use.
pub fn cluster() -> &'static PgCluster {
    static CLUSTER: OnceLock<PgCluster> = OnceLock::new();
    CLUSTER.get_or_init(|| {
        let mut c = PgCluster::start();
        c.owned = false;
        c
    })
}

/// A new, empty database on [`cluster`]: its `postgres://…` url.
pub fn fresh_url() -> String {
    let c = cluster();
    let db = c.create_db();
    c.url(&db)
}

/// The newest PostgreSQL server programs installed.
fn bin_dir() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin).unwrap_or_else(|| {
        panic!(
            "PostgreSQL not found under /usr/lib/postgresql/*/bin: install Debian's `postgresql` package"
        )
    })
}

/// `nobody`'s uid and gid, when this process runs as root.
fn unprivileged_owner() -> Option<(u32, u32)> {
    let me = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(1);
    if me != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let ids = passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.first() == Some(&"nobody") && f.len() > 3)
            .then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))
            .flatten()
    });
    Some(ids.unwrap_or((65534, 65534)))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl PgCluster {
    /// Creates and starts a new cluster (initdb, about a second).
    pub fn start() -> PgCluster {
        let bin = bin_dir();
        let owner = unprivileged_owner();
        // /tmp, not $TMPDIR: the unprivileged server must reach it.
        let dir = tempfile::Builder::new()
            .prefix("entre-pg-")
            .tempdir_in("/tmp")
            .expect("temporary folder for PostgreSQL")
            .keep();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown the cluster folder");
        }
        let mut c = PgCluster {
            dir,
            bin,
            port: 0,
            owner,
            owned: true,
        };
        c.watchdog();
        let data = c.data();
        c.run_as_owner(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--auth=trust".as_ref(),
                "--encoding=UTF8".as_ref(),
                "--no-locale".as_ref(),
                "--no-sync".as_ref(),
            ],
        )
        .unwrap_or_else(|e| panic!("initdb: {e}"));
        let conf = format!(
            "\n# entre-hub tests\nlisten_addresses = '127.0.0.1'\n\
             unix_socket_directories = '{}'\nfsync = off\n\
             full_page_writes = off\nmax_connections = 200\nshared_buffers = 16MB\n",
            c.dir.display()
        );
        let conf_path = data.join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).expect("postgresql.conf");
        text.push_str(&conf);
        std::fs::write(&conf_path, text).expect("postgresql.conf");
        // Another test binary may take the port between looking and
        // listening: try a few.
        let mut last = String::new();
        for _ in 0..5 {
            c.port = free_port();
            match c.pg_ctl_start() {
                Ok(()) => return c,
                Err(e) => last = e,
            }
        }
        panic!("PostgreSQL did not start: {last}");
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// `postgres://postgres@127.0.0.1:PORT/DB`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates a new, empty database and returns its name.
    pub fn create_db(&self) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let out = Command::new(self.bin.join("createdb"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", &name])
            .stdin(Stdio::null())
            .output()
            .expect("run createdb");
        assert!(
            out.status.success(),
            "createdb {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        name
    }

    /// The cluster's data folder (`postgresql.conf`, `pg_hba.conf`).
    pub fn data_dir(&self) -> PathBuf {
        self.data()
    }

    /// Runs `sql` with psql as `postgres` on database `db`; its output
    /// (unaligned, tuples only). Panics on an error.
    pub fn psql(&self, db: &str, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
            .args(["-U", "postgres", "-d", db, "-X", "-A", "-t"])
            .args(["-v", "ON_ERROR_STOP=1", "-c", sql])
            .stdin(Stdio::null())
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Makes the server read its configuration files again.
    pub fn reload(&self) {
        let data = self.data();
        self.run_as_owner(
            "pg_ctl",
            &["-D".as_ref(), data.as_os_str(), "reload".as_ref()],
        )
        .unwrap_or_else(|e| panic!("pg_ctl reload: {e}"));
    }

    /// Stops the server at once (`pg_ctl stop -m immediate`): connections
    /// break, new ones are refused.
    pub fn stop(&self) {
        let data = self.data();
        let _ = self.run_as_owner(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
        );
    }

    /// Starts a stopped server again, on the same port.
    pub fn restart(&self) {
        self.pg_ctl_start()
            .unwrap_or_else(|e| panic!("PostgreSQL did not start again: {e}"));
    }

    fn pg_ctl_start(&self) -> Result<(), String> {
        let data = self.data();
        let log = self.dir.join("server.log");
        let opts = format!("-p {}", self.port);
        self.run_as_owner(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-o".as_ref(),
                opts.as_ref(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "start".as_ref(),
            ],
        )
        .map_err(|e| {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(10).collect();
            format!("{e}; server.log ends: {:?}", tail)
        })
    }

    fn run_as_owner(&self, program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
        let mut cmd = Command::new(self.bin.join(program));
        cmd.args(args)
            .current_dir(&self.dir)
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some((uid, gid)) = self.owner {
            cmd.uid(uid).gid(gid);
        }
        let out = cmd.output().map_err(|e| format!("{program}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Once this process is gone, stop the server and remove the folder.
    fn watchdog(&self) {
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; \
             f='{dir}/data/postmaster.pid'; \
             if [ -f \"$f\" ]; then kill -QUIT \"$(head -n 1 \"$f\")\" 2>/dev/null; sleep 2; fi; \
             rm -rf '{dir}'",
            pid = std::process::id(),
            dir = self.dir.display()
        );
        let _ = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn();
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.owned {
            self.stop();
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl std::fmt::Debug for PgCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgCluster")
            .field("dir", &self.dir)
            .field("port", &self.port)
            .finish()
    }
}
