//! Survey responses: one record each, indexed by (customer, day) and by designed
//! survey; and the designed surveys themselves.

use crate::idb::{self, Tx};
use crate::schema::{self, META, RESPONSES, SURVEYS};
use crate::{Change, Db, StoreError, js};
use kehu_core::{Survey, SurveyResponse};
use wasm_bindgen::prelude::*;

pub(crate) fn record(r: &SurveyResponse) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(r.id.as_str()));
    js::set(&o, "customer", &JsValue::from_str(r.customer.as_str()));
    js::set(&o, "day", &JsValue::from_f64(r.day.0 as f64));
    if let Some(s) = &r.survey {
        js::set(&o, "survey", &JsValue::from_str(s.as_str()));
    }
    js::set(&o, "doc", &js::to_doc(r));
    o.into()
}

pub(crate) fn survey_record(s: &Survey) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(s.id.as_str()));
    js::set(&o, "doc", &js::to_doc(s));
    o.into()
}

fn parse_all(v: JsValue) -> Result<Vec<SurveyResponse>, StoreError> {
    let arr: js_sys::Array = v.into();
    arr.iter().map(|rec| js::parse_doc(&rec)).collect()
}

impl Db {
    /// Creates or replaces a response (one transaction).
    pub async fn put_response(&self, r: &SurveyResponse) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[RESPONSES, META], true)?;
        tx.store(RESPONSES)?
            .put(&record(r))
            .map_err(StoreError::from_js)?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed
            .announce(&Change::Responses(vec![r.customer.0.clone()]));
        Ok(())
    }

    /// Writes many responses in one transaction (an import): all or none.
    pub async fn put_responses(&self, rs: &[SurveyResponse]) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[RESPONSES, META], true)?;
        let store = tx.store(RESPONSES)?;
        for r in rs {
            if let Err(e) = store.put(&record(r)) {
                tx.abort();
                return Err(StoreError::from_js(e));
            }
        }
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        let mut ids: Vec<String> = rs.iter().map(|r| r.customer.0.clone()).collect();
        ids.sort();
        ids.dedup();
        self.feed.announce(&Change::Responses(ids));
        Ok(())
    }

    /// Deletes a response and returns it, so the caller can offer undo.
    pub async fn delete_response(&self, id: &str) -> Result<SurveyResponse, StoreError> {
        let old: SurveyResponse = self.take_doc(RESPONSES, id).await?;
        self.feed
            .announce(&Change::Responses(vec![old.customer.0.clone()]));
        Ok(old)
    }

    /// A customer's responses, oldest first.
    pub async fn responses_of(&self, customer: &str) -> Result<Vec<SurveyResponse>, StoreError> {
        let tx = Tx::new(&self.db, &[RESPONSES], false)?;
        let lo = js_sys::Array::of2(&customer.into(), &JsValue::from_f64(f64::MIN));
        let hi = js_sys::Array::of2(&customer.into(), &JsValue::from_f64(f64::MAX));
        let range = web_sys::IdbKeyRange::bound(&lo, &hi).map_err(StoreError::from_js)?;
        let req = tx
            .store(RESPONSES)?
            .index("customer_day")
            .map_err(StoreError::from_js)?
            .get_all_with_key(&range)
            .map_err(StoreError::from_js)?;
        parse_all(idb::request(&req).await?)
    }

    /// Creates or replaces a designed survey (one transaction; the data version moves,
    /// since results show the survey's items and weights).
    pub async fn put_survey(&self, s: &Survey) -> Result<(), StoreError> {
        let tx = Tx::new(&self.db, &[SURVEYS, META], true)?;
        tx.store(SURVEYS)?
            .put(&survey_record(s))
            .map_err(StoreError::from_js)?;
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Surveys);
        Ok(())
    }

    /// Every designed survey, oldest first.
    pub async fn surveys(&self) -> Result<Vec<Survey>, StoreError> {
        let tx = Tx::new(&self.db, &[SURVEYS], false)?;
        let req = tx.store(SURVEYS)?.get_all().map_err(StoreError::from_js)?;
        let arr: js_sys::Array = idb::request(&req).await?.into();
        let mut all: Vec<Survey> = arr
            .iter()
            .map(|rec| js::parse_doc(&rec))
            .collect::<Result<_, _>>()?;
        all.sort_by(|a, b| (a.created, &a.id.0).cmp(&(b.created, &b.id.0)));
        Ok(all)
    }

    /// How many responses answer survey `id` (by index: no records are read).
    pub async fn survey_response_count(&self, id: &str) -> Result<u32, StoreError> {
        let tx = Tx::new(&self.db, &[RESPONSES], false)?;
        let req = tx
            .store(RESPONSES)?
            .index("survey")
            .map_err(StoreError::from_js)?
            .count_with_key(&JsValue::from_str(id))
            .map_err(StoreError::from_js)?;
        Ok(idb::request(&req).await?.as_f64().unwrap_or(0.0) as u32)
    }

    /// Deletes a survey nobody has answered and returns it for undo; a survey with
    /// answers is archived instead (its results stay), so this refuses with
    /// [`StoreError::Constraint`].
    pub async fn delete_survey(&self, id: &str) -> Result<Survey, StoreError> {
        if self.survey_response_count(id).await? > 0 {
            return Err(StoreError::Constraint);
        }
        let old: Survey = self.take_doc(SURVEYS, id).await?;
        self.feed.announce(&Change::Surveys);
        Ok(old)
    }

    /// Every response (the analytics worker's input).
    pub async fn all_responses(&self) -> Result<Vec<SurveyResponse>, StoreError> {
        let tx = Tx::new(&self.db, &[RESPONSES], false)?;
        let req = tx
            .store(RESPONSES)?
            .get_all()
            .map_err(StoreError::from_js)?;
        parse_all(idb::request(&req).await?)
    }
}
