//! The SQLite store on a real file.

use entre::store::{Store, Visit};

#[test]
fn migrates_an_empty_file_and_an_already_migrated_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/entre.sqlite");
    let store = Store::open(&path).expect("created on first run, with its folder");
    assert!(path.exists());
    let version = store.schema_version().unwrap();
    assert!(version >= 1);
    let tables = store.tables().unwrap();
    for t in ["guidance_cache", "outbox", "visit"] {
        assert!(tables.contains(&t.to_string()), "{t} in {tables:?}");
    }
    store.record_visit(&Visit::new("errand", "ar")).unwrap();
    drop(store);

    let again = Store::open(&path).expect("an already migrated file opens");
    assert_eq!(again.schema_version().unwrap(), version);
    assert_eq!(again.visit_count().unwrap(), 1, "nothing was lost");
}

#[test]
fn a_visit_and_its_outbox_row_are_written_together() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("e.sqlite")).unwrap();
    let visit = Visit::new("appointment", "sv");
    store.record_visit(&visit).unwrap();
    assert_eq!(store.visit_count().unwrap(), 1);
    assert_eq!(store.outbox_pending().unwrap(), 1);
    // The same id twice is refused whole: no second outbox row either.
    assert!(store.record_visit(&visit).is_err());
    assert_eq!(store.visit_count().unwrap(), 1);
    assert_eq!(store.outbox_pending().unwrap(), 1);
}

#[test]
fn wal_and_foreign_keys_are_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.sqlite");
    let _store = Store::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    // foreign_keys is per connection: check the schema declares them and
    // that the store's own connection enforces them.
    let fk: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_foreign_key_list('outbox')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fk, 1);
}

#[test]
fn a_corrupt_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.sqlite");
    std::fs::write(
        &path,
        b"this is not a database, it is a shopping list\n".repeat(200),
    )
    .unwrap();
    let err = Store::open(&path).expect_err("garbage is refused");
    let msg = err.to_string();
    assert!(
        msg.contains(&path.display().to_string()),
        "names the file: {msg}"
    );
    // What was there is not overwritten.
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with(b"this is not a database")
    );
}

#[test]
fn an_unwritable_place_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    // A database "inside" a regular file cannot be created.
    let err = Store::open(&file.join("entre.sqlite")).expect_err("refused");
    assert!(err.to_string().contains("entre.sqlite"), "{err}");
}
