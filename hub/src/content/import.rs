//! Imports: guidance from a folder or uploaded files, a directory from a
//! file. Checked whole with entre-core, as a kiosk checks them; refused
//! whole with every problem, or stored as a numbered draft.

use std::path::Path;

use entre_core::Allowed;

use super::serve::Guidance;
use super::{ContentError, Imported, guard, in_use, summary};
use crate::config::HubConfig;
use crate::store::{ContentKind, NewContent, Store};

/// A bundle file read: (lang, errand, name for errors, text).
type Source = (String, String, String, String);

/// The largest file read from an import folder; a bundle is at most
/// 16 KiB, so anything this large is refused unread.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

use entre_core::document::{is_errand, is_lang};

fn known_office(config: &HubConfig, office: Option<&str>) -> Result<(), ContentError> {
    match office {
        Some(o) if config.office(o).is_none() => Err(ContentError::UnknownOffice(o.to_string())),
        _ => Ok(()),
    }
}

/// Imports the guidance bundles in `dir` (`<lang>/<errand>.toml`, as
/// assets/guidance) as a draft: city-wide, or `office`'s overrides.
/// Checked whole (every bundle as a kiosk checks it, links against
/// `[content] allowed_link_hosts`, every errand in Swedish and in each of
/// `[content] languages`); any problem refuses it, with every problem as
/// `FILE:LINE: what`, and nothing is stored.
pub async fn import_dir(
    store: &dyn Store,
    config: &HubConfig,
    dir: &Path,
    office: Option<&str>,
    who: &str,
) -> Result<Imported, ContentError> {
    known_office(config, office)?;
    let (sources, problems) = read_folder(dir)?;
    import_guidance(store, config, sources, problems, office, who).await
}

/// As [`import_dir`], for files uploaded on the content page: each named
/// `<lang>/<errand>.toml` (a leading folder is dropped:
/// `guidance/sv/housing.toml` is `sv/housing.toml`).
pub async fn import_files(
    store: &dyn Store,
    config: &HubConfig,
    files: Vec<(String, Vec<u8>)>,
    office: Option<&str>,
    who: &str,
) -> Result<Imported, ContentError> {
    known_office(config, office)?;
    let mut sources: Vec<Source> = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (name, bytes) in files {
        let shown = entre_core::text::quote(&name);
        let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
        // As in a folder: hidden files, and loose files beside the
        // language folders (a README), are not bundles and are skipped.
        let loose = match parts.as_slice() {
            [.., parent, file] => !is_lang(parent) && !file.ends_with(".toml"),
            [file] => !file.ends_with(".toml"),
            [] => true,
        };
        if loose || parts.last().is_some_and(|f| f.starts_with('.')) {
            continue;
        }
        let [.., lang, file] = parts.as_slice() else {
            problems.push(format!(
                "{shown}: not named <lang>/<errand>.toml (e.g. sv/housing.toml)"
            ));
            continue;
        };
        let Some(errand) = file.strip_suffix(".toml") else {
            problems.push(format!("{shown}: not a bundle file (<errand>.toml)"));
            continue;
        };
        if !is_lang(lang) {
            problems.push(format!(
                "{shown}: {} is not a language code (2 or 3 letters a-z)",
                entre_core::text::quote(lang)
            ));
            continue;
        }
        if !is_errand(errand) {
            problems.push(format!(
                "{shown}: {} is not an errand id (a-z, 0-9, '-' and '_', at most 64)",
                entre_core::text::quote(errand)
            ));
            continue;
        }
        let label = format!("{lang}/{errand}.toml");
        if !seen.insert(label.clone()) {
            problems.push(format!("{label}: given twice"));
            continue;
        }
        match String::from_utf8(bytes) {
            Ok(text) => sources.push((lang.to_string(), errand.to_string(), label, text)),
            Err(_) => problems.push(format!("{label}:0: not UTF-8 text")),
        }
    }
    if sources.is_empty() && problems.is_empty() {
        problems.push("no bundle files (each is <lang>/<errand>.toml)".to_string());
    }
    import_guidance(store, config, sources, problems, office, who).await
}

/// Reads `dir/<lang>/<errand>.toml`. Hidden entries and loose files at
/// the top (a README) are skipped; anything else that is not a bundle is
/// a problem.
fn read_folder(dir: &Path) -> Result<(Vec<Source>, Vec<String>), ContentError> {
    let unreadable =
        |p: &Path, e: std::io::Error| ContentError::Unreadable(format!("{}: {e}", p.display()));
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    let mut langs: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .collect::<Result<_, _>>()
        .map_err(|e| unreadable(dir, e))?;
    langs.sort_by_key(|e| e.file_name());
    for lang in langs {
        let name = lang.file_name().to_string_lossy().into_owned();
        let path = lang.path();
        if name.starts_with('.') || !path.is_dir() {
            continue;
        }
        if !is_lang(&name) {
            problems.push(format!(
                "{}:0: not a language folder (2 or 3 letters a-z)",
                path.display()
            ));
            continue;
        }
        let mut files: Vec<_> = std::fs::read_dir(&path)
            .map_err(|e| unreadable(&path, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| unreadable(&path, e))?;
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let fname = file.file_name().to_string_lossy().into_owned();
            let fpath = file.path();
            if fname.starts_with('.') {
                continue;
            }
            let shown = fpath.display().to_string();
            let errand = fname.strip_suffix(".toml");
            match errand {
                _ if !fpath.is_file() => {
                    problems.push(format!("{shown}:0: not a bundle file (<errand>.toml)"))
                }
                None => problems.push(format!("{shown}:0: not a bundle file (<errand>.toml)")),
                Some(e) if !is_errand(e) => problems.push(format!(
                    "{shown}:0: not an errand id (a-z, 0-9, '-' and '_', at most 64)"
                )),
                Some(e) => {
                    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                    if len > MAX_FILE_BYTES {
                        problems.push(format!(
                            "{shown}:0: is {len} bytes long (a bundle file is at most 16384 bytes)"
                        ));
                        continue;
                    }
                    let bytes = std::fs::read(&fpath).map_err(|e| unreadable(&fpath, e))?;
                    match String::from_utf8(bytes) {
                        Ok(text) => sources.push((name.clone(), e.to_string(), shown, text)),
                        Err(_) => problems.push(format!("{shown}:0: not UTF-8 text")),
                    }
                }
            }
        }
    }
    Ok((sources, problems))
}

/// Whether two bundle texts read the same (parsed; the text itself when
/// one no longer parses).
fn same_bundle(a: &str, b: &str, allowed: &Allowed) -> bool {
    if a == b {
        return true;
    }
    match (
        entre_core::bundle::parse("", a, allowed),
        entre_core::bundle::parse("", b, allowed),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

async fn import_guidance(
    store: &dyn Store,
    config: &HubConfig,
    sources: Vec<Source>,
    mut problems: Vec<String>,
    office: Option<&str>,
    who: &str,
) -> Result<Imported, ContentError> {
    let (_, errors) = entre_core::bundle::check(
        sources
            .iter()
            .map(|(l, e, f, s)| (l.clone(), e.clone(), f.clone(), s.as_str())),
        &config.languages,
        &config.allowed,
    );
    problems.extend(errors.iter().map(|e| e.to_string()));
    if !problems.is_empty() {
        return Err(ContentError::Refused(problems));
    }
    let mut guidance = Guidance::new();
    for (lang, errand, _, text) in sources {
        guidance.entry(lang).or_default().insert(errand, text);
    }
    let payload = serde_json::to_string(&guidance)
        .map_err(|e| ContentError::Unreadable(format!("cannot store the guidance: {e}")))?;
    guard(store, config, ContentKind::Guidance, office, 0, &payload).await?;
    let old: Option<Guidance> = match in_use(store, ContentKind::Guidance, office).await? {
        Some((_, p)) => serde_json::from_str(&p).ok(),
        None => None,
    };
    let summary = summary::guidance(old.as_ref(), &guidance, |a, b| {
        same_bundle(a, b, &config.allowed)
    });
    store_draft(store, ContentKind::Guidance, office, who, summary, payload).await
}

async fn store_draft(
    store: &dyn Store,
    kind: ContentKind,
    office: Option<&str>,
    who: &str,
    summary: String,
    payload: String,
) -> Result<Imported, ContentError> {
    let number = store
        .content_add(NewContent {
            kind,
            office: office.map(str::to_string),
            imported_by: who.to_string(),
            imported_ms: crate::state::now_ms(),
            summary: summary.clone(),
            payload,
        })
        .await?;
    Ok(Imported { number, summary })
}

/// Imports an office's directory from `file`: `[[unit]]` and `[[officer]]`
/// only, exactly as in kiosk.toml and checked the same way (officer
/// addresses in `[mail] allowed_domains`); any problem refuses it, with
/// every problem as `PATH:LINE:COL: key: what`.
pub async fn import_directory(
    store: &dyn Store,
    config: &HubConfig,
    file: &Path,
    office: &str,
    who: &str,
) -> Result<Imported, ContentError> {
    known_office(config, Some(office))?;
    let src = std::fs::read_to_string(file)
        .map_err(|e| ContentError::Unreadable(format!("{}: {e}", file.display())))?;
    import_directory_text(
        store,
        config,
        &file.display().to_string(),
        &src,
        office,
        who,
    )
    .await
}

/// As [`import_directory`], for a file's text (an upload): `name` names it
/// in problems.
pub async fn import_directory_text(
    store: &dyn Store,
    config: &HubConfig,
    name: &str,
    src: &str,
    office: &str,
    who: &str,
) -> Result<Imported, ContentError> {
    known_office(config, Some(office))?;
    let checked = entre_core::directory::check_toml(src, &config.allowed);
    directory_draft(store, config, name, checked, office, who).await
}

/// The units and officers of a whole kiosk.toml (its other sections left
/// aside) as `office`'s directory: the demo's first start.
pub async fn import_kiosk_directory(
    store: &dyn Store,
    config: &HubConfig,
    kiosk_toml: &Path,
    office: &str,
    who: &str,
) -> Result<Imported, ContentError> {
    use entre_core::toml_walk::{Section, Walker};
    known_office(config, Some(office))?;
    let src = std::fs::read_to_string(kiosk_toml)
        .map_err(|e| ContentError::Unreadable(format!("{}: {e}", kiosk_toml.display())))?;
    let mut w = Walker::new(&src);
    let checked = match entre_core::toml_walk::parse(&mut w, &src, "") {
        None => Err(w.problems),
        Some(doc) => {
            let span = doc.span();
            let mut root = Section::new(doc.get_ref(), "", span);
            let found =
                entre_core::directory::read(&mut root, &mut w, Some(&config.allowed.mail_domains));
            if w.problems.is_empty() {
                Ok(found)
            } else {
                Err(w.problems)
            }
        }
    };
    let name = kiosk_toml.display().to_string();
    directory_draft(store, config, &name, checked, office, who).await
}

async fn directory_draft(
    store: &dyn Store,
    config: &HubConfig,
    name: &str,
    checked: Result<
        (
            Vec<entre_core::directory::Unit>,
            Vec<entre_core::directory::Officer>,
        ),
        Vec<entre_core::toml_walk::Problem>,
    >,
    office: &str,
    who: &str,
) -> Result<Imported, ContentError> {
    let (units, officers) = checked.map_err(|ps| {
        ContentError::Refused(
            ps.iter()
                .map(|p| p.display_with(name).to_string())
                .collect(),
        )
    })?;
    let directory = serde_json::json!({
        "units": units.iter().map(|u| serde_json::json!({ "id": u.id, "name": u.name })).collect::<Vec<_>>(),
        "officers": officers.iter().map(|o| serde_json::json!({
            "name": o.name, "unit": o.unit, "email": o.email, "available": o.available,
        })).collect::<Vec<_>>(),
    });
    let payload = directory.to_string();
    guard(
        store,
        config,
        ContentKind::Directory,
        Some(office),
        0,
        &payload,
    )
    .await?;
    let old: Option<serde_json::Value> =
        match in_use(store, ContentKind::Directory, Some(office)).await? {
            Some((_, p)) => serde_json::from_str(&p).ok(),
            None => None,
        };
    let summary = summary::directory(old.as_ref(), &directory);
    store_draft(
        store,
        ContentKind::Directory,
        Some(office),
        who,
        summary,
        payload,
    )
    .await
}
