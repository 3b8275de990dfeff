import GRDB

/// The store file's schema, as GRDB migrations. Dates are REAL seconds since 1970; a minute
/// is an INTEGER count of whole minutes since 1970.
///
/// `v1`, the first schema:
/// - `timeline_event(id TEXT PK, at, kind, subject, sentence)`, indexed on `at`;
/// - `banner(rule_id, raised_at, last_held_at, cleared_at)`, PK (rule_id, raised_at);
/// - `check_state(check_id PK, status, since, reason)`: each check's current status;
/// - `sample(check_id, slot, seq, at, status TEXT, latency_ms)`: a ring of 120 per check,
///   PK (check_id, slot), slot = seq % 120.
///
/// `v2`, sized for 1,000 checks polled every second:
/// - `checks(key INTEGER PK, check_id UNIQUE, status, since, reason)` replaces
///   `check_state`: a small integer key per check that the big tables repeat instead of the
///   id text; status, since and reason are written only when the status changes.
/// - `sample_log(seq INTEGER PK, check_key, at, status INTEGER, latency_ms)` replaces the
///   ring. It is kept in arrival order, and the store deletes a check's oldest sample when
///   it writes its 121st, so it still holds the newest 120 per check; but a batch of 1,000
///   results now writes a few adjacent pages instead of one page per check. Measured with
///   1,000 checks at one result a second: about 0.05 MB of WAL per batch, against 3.5 MB for
///   the ring keyed by check.
/// - `minute_count(minute, check_key, ok, warn, fail)`, WITHOUT ROWID, PK (minute,
///   check_key): per-minute counts for uptime, upserted with `ok = ok + excluded.ok`. Keyed
///   by minute first, so a second's upserts land on the last pages (0.02 MB of WAL per
///   batch, against 4 MB with the check first) and pruning deletes a range at the front.
///   The price: one check's minutes are not contiguous, so reading them scans the window
///   for all checks (a console restores all its checks at once anyway). Seeded from the v1
///   samples.
/// - `banner` gains `acknowledged_by` and `acknowledged_at`.
///
/// `v3`: `audit_record(hash TEXT PK, seq, run_id, kind, at, line)`, copies of the runbook
/// audit log's records, indexed on `at`.
package enum SQLiteSchema {
    static let ringSize = 120

    package static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE timeline_event (
                    id TEXT PRIMARY KEY NOT NULL,
                    at REAL NOT NULL,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    sentence TEXT NOT NULL
                );
                CREATE INDEX timeline_event_at ON timeline_event(at);
                CREATE TABLE banner (
                    rule_id TEXT NOT NULL,
                    raised_at REAL NOT NULL,
                    last_held_at REAL NOT NULL,
                    cleared_at REAL,
                    PRIMARY KEY (rule_id, raised_at)
                ) WITHOUT ROWID;
                CREATE TABLE check_state (
                    check_id TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL,
                    since REAL NOT NULL,
                    reason TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE sample (
                    check_id TEXT NOT NULL,
                    slot INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    at REAL NOT NULL,
                    status TEXT NOT NULL,
                    latency_ms REAL,
                    PRIMARY KEY (check_id, slot)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE checks (
                    key INTEGER PRIMARY KEY,
                    check_id TEXT NOT NULL UNIQUE,
                    status TEXT,
                    since REAL,
                    reason TEXT
                );
                INSERT INTO checks (check_id, status, since, reason)
                    SELECT check_id, status, since, reason FROM check_state ORDER BY check_id;
                INSERT INTO checks (check_id)
                    SELECT DISTINCT check_id FROM sample
                    WHERE check_id NOT IN (SELECT check_id FROM checks) ORDER BY check_id;
                DROP TABLE check_state;

                CREATE TABLE sample_log (
                    seq INTEGER PRIMARY KEY,
                    check_key INTEGER NOT NULL,
                    at REAL NOT NULL,
                    status INTEGER NOT NULL,
                    latency_ms REAL
                );
                INSERT INTO sample_log (check_key, at, status, latency_ms)
                    SELECT c.key, s.at,
                           CASE s.status WHEN 'ok' THEN 0 WHEN 'warn' THEN 1 WHEN 'fail' THEN 2 ELSE 3 END,
                           s.latency_ms
                    FROM sample s JOIN checks c ON c.check_id = s.check_id
                    ORDER BY s.seq, c.key;

                CREATE TABLE minute_count (
                    minute INTEGER NOT NULL,
                    check_key INTEGER NOT NULL,
                    ok INTEGER NOT NULL DEFAULT 0,
                    warn INTEGER NOT NULL DEFAULT 0,
                    fail INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (minute, check_key)
                ) WITHOUT ROWID;
                INSERT INTO minute_count (minute, check_key, ok, warn, fail)
                    SELECT CAST(at / 60 AS INTEGER), check_key,
                           sum(status = 0), sum(status = 1), sum(status = 2)
                    FROM sample_log WHERE status < 3
                    GROUP BY 1, 2;
                DROP TABLE sample;

                ALTER TABLE banner ADD COLUMN acknowledged_by TEXT;
                ALTER TABLE banner ADD COLUMN acknowledged_at REAL;
                """)
        }
        m.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE audit_record (
                    hash TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL,
                    run_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    at REAL NOT NULL,
                    line TEXT NOT NULL
                );
                CREATE INDEX audit_record_at ON audit_record (at);
                """)
        }
        return m
    }

    /// The migrations this build knows, oldest first.
    package static let knownMigrations = ["v1", "v2", "v3"]
}
