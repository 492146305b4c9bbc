//! `[demo]` at the first start: the demo office's guidance (the kiosk's
//! bundled guidance) and directory (kiosk.toml's units and officers),
//! published; the kiosk `demo-entre-1` with its token in
//! `var/demo-hub-token` (mode 0600); a demo admin whose password is
//! printed once. Each part is made only if it is not there yet, so later
//! starts (and a second instance) change nothing.

use std::io::Write;
use std::path::Path;

use crate::config::{Demo, HubConfig};
use crate::store::{ContentKind, Role, Store, StoreError, User};

/// Who the demo's content is imported and published by.
const WHO: &str = "demo";

pub async fn first_start(config: &HubConfig, store: &dyn Store, demo: &Demo) -> Result<(), String> {
    content(config, store, demo).await?;
    kiosk(store, demo).await?;
    admin(store, demo).await?;
    Ok(())
}

async fn content(config: &HubConfig, store: &dyn Store, demo: &Demo) -> Result<(), String> {
    let versions = store.content_versions().await.map_err(|e| e.to_string())?;
    let has = |kind: ContentKind| {
        versions
            .iter()
            .any(|v| v.kind == kind && v.office.as_deref() == Some(demo.office.as_str()))
    };
    if !has(ContentKind::Guidance) {
        let imported =
            crate::content::import_dir(store, config, &demo.guidance_dir, Some(&demo.office), WHO)
                .await
                .map_err(|e| refused(&demo.guidance_dir, e))?;
        crate::content::publish(store, config, imported.number, WHO)
            .await
            .map_err(|e| refused(&demo.guidance_dir, e))?;
        tracing::info!(
            "[demo]: guidance of {} imported and published for office {} (version {})",
            demo.guidance_dir.display(),
            demo.office,
            imported.number
        );
    }
    if !has(ContentKind::Directory) {
        let file = directory_file(demo)?;
        let imported =
            crate::content::import_directory(store, config, &file, &demo.office, WHO).await;
        let _ = std::fs::remove_file(&file);
        let imported = imported.map_err(|e| refused(&demo.directory_from, e))?;
        crate::content::publish(store, config, imported.number, WHO)
            .await
            .map_err(|e| refused(&demo.directory_from, e))?;
        tracing::info!(
            "[demo]: directory of {} imported and published for office {} (version {})",
            demo.directory_from.display(),
            demo.office,
            imported.number
        );
    }
    Ok(())
}

fn refused(what: &Path, e: crate::content::ContentError) -> String {
    match e {
        crate::content::ContentError::Refused(problems) => {
            format!("{}: refused:\n{}", what.display(), problems.join("\n"))
        }
        e => format!("{}: {e}", what.display()),
    }
}

/// The `[[unit]]` and `[[officer]]` tables of the demo kiosk.toml, alone
/// in a file beside the token file (removed after the import).
fn directory_file(demo: &Demo) -> Result<std::path::PathBuf, String> {
    let src = std::fs::read_to_string(&demo.directory_from)
        .map_err(|e| format!("{}: cannot read: {e}", demo.directory_from.display()))?;
    let doc: toml::Table =
        toml::from_str(&src).map_err(|e| format!("{}: {e}", demo.directory_from.display()))?;
    let mut out = toml::Table::new();
    for key in ["unit", "officer"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    let dir = demo
        .token_file
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file = dir.join(".demo-directory.toml");
    let text = toml::to_string(&out).map_err(|e| e.to_string())?;
    std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(file)
}

async fn kiosk(store: &dyn Store, demo: &Demo) -> Result<(), String> {
    let kiosks = store.kiosks().await.map_err(|e| e.to_string())?;
    if kiosks.iter().any(|k| k.id == demo.kiosk) {
        if !demo.token_file.exists() {
            tracing::warn!(
                "[demo]: kiosk {} exists but {} does not; its token was shown only once (revoke it and add another: entre-hub kiosk add)",
                demo.kiosk,
                demo.token_file.display()
            );
        }
        return Ok(());
    }
    let token = crate::auth::new_token();
    match store
        .kiosk_add(
            &demo.kiosk,
            &demo.office,
            crate::auth::token_sha256(&token),
            crate::state::now_ms(),
        )
        .await
    {
        // Another instance made it at the same moment: its token is the one.
        Err(StoreError::Conflict(_)) => return Ok(()),
        Err(e) => return Err(e.to_string()),
        Ok(()) => {}
    }
    write_secret(&demo.token_file, &format!("{token}\n"))
        .map_err(|e| format!("{}: {e}", demo.token_file.display()))?;
    tracing::info!(
        "[demo]: kiosk {} added to office {}; its token is in {}",
        demo.kiosk,
        demo.office,
        demo.token_file.display()
    );
    Ok(())
}

/// Writes a secret readable only by this user (mode 0600).
fn write_secret(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

async fn admin(store: &dyn Store, demo: &Demo) -> Result<(), String> {
    if store
        .user(&demo.admin)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Ok(());
    }
    // 80 random bits, readable: 20 hex digits.
    let password: String = crate::auth::new_token().chars().take(20).collect();
    let hash = {
        let p = password.clone();
        tokio::task::spawn_blocking(move || crate::auth::hash_password(&p))
            .await
            .map_err(|e| e.to_string())?
    };
    let user = User {
        name: demo.admin.clone(),
        role: Role::Admin,
        office: None,
        password_hash: Some(hash),
        setup_token_sha256: None,
        setup_expires_ms: None,
        added_ms: crate::state::now_ms(),
    };
    match store.user_add(&user).await {
        Err(StoreError::Conflict(_)) => return Ok(()),
        Err(e) => return Err(e.to_string()),
        Ok(()) => {}
    }
    // Printed once, to the terminal that started the demo; never logged.
    println!(
        "demo admin: user name {}, password {password} (shown only now)",
        demo.admin
    );
    let _ = std::io::stdout().flush();
    Ok(())
}
