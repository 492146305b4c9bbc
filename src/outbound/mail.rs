//! Arrival mail: built once, stored in the outbox, sent (and re-sent) as
//! the same bytes with the same Message-ID.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::{self, Security, Transport, VisitorName};
use crate::i18n::Catalog;

/// How many characters of visitor-typed text may reach a mail.
pub const MAX_VISITOR_CHARS: usize = 40;

/// The office language: arrival mail is written in it.
const OFFICE_LANG: &str = "sv";

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail: {0}")]
    Build(String),
    #[error("mail transport: {0}")]
    Transport(String),
    #[error("{0}")]
    Send(String),
}

/// A message ready to send: its envelope and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub from: String,
    pub to: String,
    pub raw: Vec<u8>,
    pub message_id: String,
}

/// Characters that never reach a mail: controls, line and paragraph
/// separators, and every format character (bidi marks, overrides and
/// isolates, zero-width characters: [`entre_core::text::is_format`]).
fn is_forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || entre_core::text::is_format(c)
}

/// The longest name or subject put in a header.
const MAX_HEADER_CHARS: usize = 200;

/// Visitor-typed text made harmless: forbidden characters dropped,
/// white space folded to single spaces, at most `max` characters.
pub fn sanitise(input: &str, max: usize) -> String {
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !is_forbidden(*c))
        .collect();
    cleaned
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// What the mail may say of the visitor, from what they typed.
pub fn visitor_label(mode: VisitorName, typed: &str) -> Option<String> {
    let clean = sanitise(typed, MAX_VISITOR_CHARS);
    if clean.is_empty() {
        return None;
    }
    match mode {
        VisitorName::None => None,
        VisitorName::FirstName => clean.split(' ').next().map(str::to_string),
        VisitorName::Initials => {
            let words: Vec<&str> = clean.split(' ').collect();
            // "AL" typed as initials, or "Anna Lind" typed in full.
            let letters: Vec<char> = if words.len() == 1 && words[0].chars().count() <= 3 {
                words[0].chars().filter(|c| c.is_alphabetic()).collect()
            } else {
                words
                    .iter()
                    .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
                    .collect()
            };
            let label = letters
                .iter()
                .take(3)
                .map(|c| format!("{}.", c.to_uppercase()))
                .collect::<Vec<_>>()
                .join(" ");
            (!label.is_empty()).then_some(label)
        }
    }
}

/// Everything an arrival mail says.
#[derive(Debug, Clone)]
pub struct Arrival<'a> {
    pub officer_name: &'a str,
    pub officer_email: &'a str,
    /// Already reduced by [`visitor_label`].
    pub visitor: Option<String>,
    pub arrived_at_ms: i64,
    pub kiosk_id: &'a str,
    pub office: &'a config::Office,
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "14:02" and "2026-11-23" in the kiosk's local time zone.
pub fn local_time(at_ms: i64) -> (String, String) {
    match jiff::Timestamp::from_millisecond(at_ms) {
        Ok(ts) => {
            let zoned = ts.to_zoned_datetime(jiff::tz::TimeZone::system());
            (
                zoned.strftime("%H:%M").to_string(),
                zoned.strftime("%Y-%m-%d").to_string(),
            )
        }
        Err(_) => ("--:--".to_string(), "----------".to_string()),
    }
}

/// The `[mail] from` sender.
fn sender(from: &str) -> Result<Mailbox, MailError> {
    from.parse()
        .map_err(|e| MailError::Build(format!("[mail] from \"{from}\": {e}")))
}

/// A message of the office language, as plain text: mail carries no
/// Fluent isolation marks.
fn office_text(catalog: &Catalog, id: &str, args: &[(&str, &str)]) -> String {
    let mut fargs = fluent_bundle::FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, v.to_string());
    }
    catalog
        .text(OFFICE_LANG, id, Some(&fargs))
        .replace(['\u{2068}', '\u{2069}'], "")
}

/// From, To, Subject, a unique Message-ID and Date; the caller adds the body.
fn headers(
    from: &Mailbox,
    to: &Mailbox,
    subject: String,
    kiosk_id: &str,
) -> (lettre::message::MessageBuilder, String) {
    // Random, not time-ordered: a time-ordered Message-ID made a few ms
    // after its visit's id would tie a named mail to that visit.
    let message_id = format!("<{}@{}.entre.invalid>", uuid::Uuid::new_v4(), kiosk_id);
    let builder = lettre::Message::builder()
        .from(from.clone())
        .to(to.clone())
        .subject(subject)
        .message_id(Some(message_id.clone()))
        .date_now();
    (builder, message_id)
}

/// A built message with its envelope, ready for the outbox.
fn outgoing(
    message: Result<lettre::Message, lettre::error::Error>,
    from: &Mailbox,
    to: &Mailbox,
    message_id: String,
) -> Result<Outgoing, MailError> {
    let message = message.map_err(|e| MailError::Build(e.to_string()))?;
    Ok(Outgoing {
        from: from.email.to_string(),
        to: to.email.to_string(),
        raw: message.formatted(),
        message_id,
    })
}

/// Builds the arrival mail in the office language. It says who is waiting
/// only as much as privacy allows, and never why they came.
pub fn arrival(
    catalog: &Catalog,
    from: &str,
    arrival: &Arrival<'_>,
) -> Result<Outgoing, MailError> {
    let from = sender(from)?;
    let to_addr: Address = arrival.officer_email.parse().map_err(|e| {
        MailError::Build(format!(
            "officer address \"{}\": {e}",
            arrival.officer_email
        ))
    })?;
    // A line break in a header name or subject makes lettre panic; the
    // config and content checks refuse them, and this keeps a mail from
    // ever taking the kiosk down.
    let to = Mailbox::new(
        Some(sanitise(arrival.officer_name, MAX_HEADER_CHARS)),
        to_addr,
    );
    let (time, date) = local_time(arrival.arrived_at_ms);
    let t = |id: &str, args: &[(&str, &str)]| office_text(catalog, id, args);
    let subject = t(
        "mail-subject",
        &[("time", &time), ("office", &arrival.office.name)],
    );
    let greeting = t("mail-greeting", &[("officer", arrival.officer_name)]);
    let arrived = t("mail-arrived", &[("time", &time), ("date", &date)]);
    let who = arrival
        .visitor
        .as_deref()
        .map(|v| t("mail-visitor", &[("visitor", v)]));
    let place = t(
        "mail-place",
        &[
            ("office", &arrival.office.name),
            ("kiosk", arrival.kiosk_id),
        ],
    );
    let action = t("mail-action", &[]);
    let footer = t("mail-footer", &[]);

    let mut lines = vec![greeting.clone(), String::new(), arrived.clone()];
    lines.extend(who.clone());
    lines.push(place.clone());
    lines.push(String::new());
    lines.push(action.clone());
    lines.push(String::new());
    lines.push(footer.clone());
    let plain = lines.join("\n") + "\n";

    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"sv\"><body>\n<p>{}</p>\n<p>{}",
        html_escape(&greeting),
        html_escape(&arrived)
    );
    if let Some(who) = &who {
        html.push_str(&format!("<br>\n{}", html_escape(who)));
    }
    html.push_str(&format!(
        "<br>\n{}</p>\n<p><strong>{}</strong></p>\n<p><small>{}</small></p>\n</body></html>\n",
        html_escape(&place),
        html_escape(&action),
        html_escape(&footer)
    ));

    let subject = sanitise(&subject, MAX_HEADER_CHARS);
    let (builder, message_id) = headers(&from, &to, subject, arrival.kiosk_id);
    let message = builder.multipart(
        MultiPart::alternative()
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(plain),
            )
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_HTML)
                    .body(html),
            ),
    );
    outgoing(message, &from, &to, message_id)
}

/// A short test message to `to`, for `entre send-test-mail`.
pub fn test_message(
    catalog: &Catalog,
    from: &str,
    to: &str,
    office: &str,
    kiosk_id: &str,
) -> Result<Outgoing, MailError> {
    let from = sender(from)?;
    let to: Mailbox = to
        .parse()
        .map_err(|e| MailError::Build(format!("\"{to}\" is not an email address: {e}")))?;
    let args = [("office", office), ("kiosk", kiosk_id)];
    let subject = sanitise(
        &office_text(catalog, "mail-test-subject", &args),
        MAX_HEADER_CHARS,
    );
    let body = office_text(catalog, "mail-test-body", &args);
    let (builder, message_id) = headers(&from, &to, subject, kiosk_id);
    let message = builder.header(ContentType::TEXT_PLAIN).body(body + "\n");
    outgoing(message, &from, &to, message_id)
}

/// The configured way out: `.eml` files or an SMTP relay.
#[derive(Clone)]
pub enum Sender {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sender::File(_) => f.write_str("Sender::File"),
            Sender::Smtp(_) => f.write_str("Sender::Smtp"),
        }
    }
}

impl Sender {
    /// Builds the transport of `[mail]`. The SMTP password comes from
    /// `ENTRE_SMTP_PASSWORD` or `password_file`, never from kiosk.toml.
    pub fn from_config(mail: &config::Mail) -> Result<Self, MailError> {
        match &mail.transport {
            Transport::File { dir } => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    MailError::Transport(format!("cannot create {}: {e}", dir.display()))
                })?;
                Ok(Sender::File(AsyncFileTransport::new(dir)))
            }
            Transport::Smtp {
                host,
                port,
                security,
                username,
                password_file,
            } => {
                let tls_params = || -> Result<TlsParameters, MailError> {
                    let mut builder = TlsParameters::builder(host.clone());
                    if let Some(ca) = &mail.ca_file {
                        let pem = std::fs::read(ca).map_err(|e| {
                            MailError::Transport(format!("ca_file {}: {e}", ca.display()))
                        })?;
                        let cert = Certificate::from_pem(&pem).map_err(|e| {
                            MailError::Transport(format!("ca_file {}: {e}", ca.display()))
                        })?;
                        builder = builder.add_root_certificate(cert);
                    }
                    builder
                        .build_rustls()
                        .map_err(|e| MailError::Transport(format!("TLS setup: {e}")))
                };
                let tls = match security {
                    Security::None => Tls::None,
                    Security::StartTls => Tls::Required(tls_params()?),
                    Security::Tls => Tls::Wrapper(tls_params()?),
                };
                let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
                    .port(*port)
                    .tls(tls)
                    .timeout(Some(Duration::from_secs(mail.timeout_s)));
                if let Some(user) = username {
                    let password = match crate::secrets::get(crate::secrets::SMTP_PASSWORD_ENV) {
                        Some(p) => p,
                        None => match password_file {
                            Some(file) => std::fs::read_to_string(file)
                                .map_err(|e| {
                                    MailError::Transport(format!(
                                        "password_file {}: {e}",
                                        file.display()
                                    ))
                                })?
                                .trim_end_matches(['\r', '\n'])
                                .to_string(),
                            None => {
                                return Err(MailError::Transport(
                                    "username is set but neither ENTRE_SMTP_PASSWORD nor password_file gives a password".into(),
                                ));
                            }
                        },
                    };
                    builder = builder.credentials(Credentials::new(user.clone(), password));
                }
                Ok(Sender::Smtp(builder.build()))
            }
        }
    }

    /// Sends one message; the error is one line a person can act on.
    pub async fn send(&self, out: &Outgoing) -> Result<(), MailError> {
        let envelope = lettre::address::Envelope::new(
            Some(
                out.from
                    .parse()
                    .map_err(|e| MailError::Build(format!("{e}")))?,
            ),
            vec![
                out.to
                    .parse()
                    .map_err(|e| MailError::Build(format!("{e}")))?,
            ],
        )
        .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Sender::File(t) => t
                .send_raw(&envelope, &out.raw)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(format!("cannot write the message file: {e}"))),
            Sender::Smtp(t) => t
                .send_raw(&envelope, &out.raw)
                .await
                .map(|_| ())
                .map_err(|e| MailError::Send(explain(&e))),
        }
    }
}

/// One line saying what went wrong with an SMTP relay, in terms IT staff
/// can act on.
pub fn explain(e: &lettre::transport::smtp::Error) -> String {
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let detail = chain.join(": ");
    let lower = detail.to_lowercase();
    let what = if e.is_timeout() || lower.contains("timed out") {
        "the relay did not answer in time"
    } else if e.is_tls() || lower.contains("certificate") || lower.contains("tls") {
        "TLS handshake failed"
    } else if lower.contains("failed to lookup")
        || lower.contains("name or service not known")
        || lower.contains("no address")
        || lower.contains("resolve")
    {
        "cannot resolve the relay's host name"
    } else if lower.contains("connection refused") {
        "connection refused by the relay"
    } else if let Some(code) = e.status() {
        let code = code.to_string();
        if code.starts_with("535") || code.starts_with("534") || code.starts_with("530") {
            "authentication rejected"
        } else if lower.contains("sender") || lower.contains("mail from") {
            "sender refused"
        } else if lower.contains("recipient") || lower.contains("rcpt") || code.starts_with("550") {
            "recipient refused"
        } else if e.is_transient() {
            "the relay refused for now (temporary)"
        } else {
            "the relay refused the message"
        }
    } else {
        "sending failed"
    };
    format!("{what} ({detail})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitise_drops_controls_bidi_and_newlines_and_caps_length() {
        assert_eq!(
            sanitise("Anna\r\nBcc: evil@example.org", 40),
            "Anna Bcc: evil@example.org"
        );
        assert_eq!(sanitise("\u{202e}abc\u{2066}d\u{200b}e\u{0}", 40), "abcde");
        assert_eq!(sanitise("  a \t  b  ", 40), "a b");
        assert_eq!(sanitise(&"x".repeat(10_000), 40).chars().count(), 40);
        assert_eq!(sanitise("ååå", 2), "åå");
    }

    #[test]
    fn visitor_label_follows_privacy() {
        assert_eq!(visitor_label(VisitorName::None, "Anna Lind"), None);
        assert_eq!(
            visitor_label(VisitorName::FirstName, " anna  Lind "),
            Some("anna".into())
        );
        assert_eq!(
            visitor_label(VisitorName::Initials, "Anna Lind"),
            Some("A. L.".into())
        );
        assert_eq!(
            visitor_label(VisitorName::Initials, "al"),
            Some("A. L.".into())
        );
        assert_eq!(visitor_label(VisitorName::Initials, "   "), None);
        assert_eq!(visitor_label(VisitorName::FirstName, "\r\n"), None);
    }
}
