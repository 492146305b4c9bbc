#![allow(unused_variables)]
//! The postgres engine. Skeleton: filled in by the store work.

use async_trait::async_trait;

use super::*;

pub struct PgStore;

impl PgStore {
    pub async fn open(_url: &str, _password: Option<&str>) -> Result<Self, StoreError> {
        todo!()
    }
}

#[async_trait]
impl Store for PgStore {
    fn engine(&self) -> &'static str {
        "postgres"
    }

    async fn kiosk_add(
        &self,
        id: &str,
        office: &str,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<(), StoreError> {
        todo!()
    }

    async fn kiosk_revoke(&self, id: &str, now: Ms) -> Result<(), StoreError> {
        todo!()
    }

    async fn kiosks(&self) -> Result<Vec<Kiosk>, StoreError> {
        todo!()
    }

    async fn kiosk_by_token(&self, token_sha256: [u8; 32]) -> Result<Option<Kiosk>, StoreError> {
        todo!()
    }

    async fn heartbeat(&self, kiosk: &str, beat: &HeartbeatRow) -> Result<(), StoreError> {
        todo!()
    }

    async fn visits_add(&self, visits: &[VisitRow]) -> Result<(), StoreError> {
        todo!()
    }

    async fn visits(
        &self,
        office: Option<&str>,
        from: Ms,
        to: Ms,
    ) -> Result<Vec<VisitRow>, StoreError> {
        todo!()
    }

    async fn content_add(&self, new: NewContent) -> Result<i64, StoreError> {
        todo!()
    }

    async fn content_versions(&self) -> Result<Vec<ContentVersion>, StoreError> {
        todo!()
    }

    async fn content_version(
        &self,
        number: i64,
    ) -> Result<Option<(ContentVersion, String)>, StoreError> {
        todo!()
    }

    async fn content_publish(&self, number: i64, who: &str, now: Ms) -> Result<(), StoreError> {
        todo!()
    }

    async fn content_live(&self, office: &str) -> Result<Live, StoreError> {
        todo!()
    }

    async fn user_add(&self, user: &User) -> Result<(), StoreError> {
        todo!()
    }

    async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        todo!()
    }

    async fn users(&self) -> Result<Vec<User>, StoreError> {
        todo!()
    }

    async fn user_by_setup_token(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<User>, StoreError> {
        todo!()
    }

    async fn user_set_password(&self, name: &str, hash: &str) -> Result<(), StoreError> {
        todo!()
    }

    async fn session_add(&self, session: &Session) -> Result<(), StoreError> {
        todo!()
    }

    async fn session(
        &self,
        token_sha256: [u8; 32],
        now: Ms,
    ) -> Result<Option<Session>, StoreError> {
        todo!()
    }

    async fn session_delete(&self, token_sha256: [u8; 32]) -> Result<(), StoreError> {
        todo!()
    }

    async fn login_failed(&self, key: &str, now: Ms) -> Result<(), StoreError> {
        todo!()
    }

    async fn login_failures(&self, key: &str, since: Ms) -> Result<u32, StoreError> {
        todo!()
    }

    async fn login_clear(&self, key: &str) -> Result<(), StoreError> {
        todo!()
    }
}
