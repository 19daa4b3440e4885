//! The designed surveys, and the answers snapshot kept in step with the survey responses
//! (which are a record kind, stored by `docs.rs`).

use crate::idb::{self, Tx};
use crate::schema::{self, META, SURVEYS};
use crate::sync::{self, Stamp};
use crate::{Change, Db, StoreError, js};
use kehu_core::Doc;
use kehu_core::{PackedAnswers, Survey, SurveyResponse};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The answers snapshot's key in `meta`.
const ANSWERS: &str = "answers_snapshot";

fn strings(v: &[String]) -> js_sys::Array {
    js::array_of(v, |s| JsValue::from_str(s))
}

fn snapshot_js(p: &PackedAnswers) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "ids", &strings(&p.ids));
    js::set(&o, "survey_ids", &strings(&p.survey_ids));
    js::set(&o, "responses", &strings(&p.responses));
    for (k, v) in [
        ("q_resp", &p.q_resp),
        ("q_who", &p.q_who),
        ("i_resp", &p.i_resp),
        ("i_who", &p.i_who),
        ("i_survey", &p.i_survey),
    ] {
        js::set(&o, k, &js_sys::Uint32Array::from(&v[..]));
    }
    for (k, v) in [("q_day", &p.q_day), ("i_day", &p.i_day)] {
        js::set(&o, k, &js_sys::Int32Array::from(&v[..]));
    }
    for (k, v) in [
        ("q_question", &p.q_question),
        ("q_score", &p.q_score),
        ("i_first", &p.i_first),
        ("i_second", &p.i_second),
    ] {
        js::set(&o, k, &js_sys::Uint8Array::from(&v[..]));
    }
    js::set(&o, "i_item", &js_sys::Uint16Array::from(&p.i_item[..]));
    o.into()
}

fn snapshot_from(v: &JsValue) -> Result<PackedAnswers, StoreError> {
    let bad = |k: &str| StoreError::Corrupt(format!("answers snapshot: {k}"));
    let strs = |k: &str| -> Result<Vec<String>, StoreError> {
        let a: js_sys::Array = js::get(v, k)?.dyn_into().map_err(|_| bad(k))?;
        a.iter()
            .map(|s| s.as_string().ok_or_else(|| bad(k)))
            .collect()
    };
    macro_rules! typed {
        ($k:literal, $t:ty) => {{
            let a: $t = js::get(v, $k)?.dyn_into().map_err(|_| bad($k))?;
            a.to_vec()
        }};
    }
    let p = PackedAnswers {
        ids: strs("ids")?,
        survey_ids: strs("survey_ids")?,
        responses: strs("responses")?,
        q_resp: typed!("q_resp", js_sys::Uint32Array),
        q_who: typed!("q_who", js_sys::Uint32Array),
        q_day: typed!("q_day", js_sys::Int32Array),
        q_question: typed!("q_question", js_sys::Uint8Array),
        q_score: typed!("q_score", js_sys::Uint8Array),
        i_resp: typed!("i_resp", js_sys::Uint32Array),
        i_who: typed!("i_who", js_sys::Uint32Array),
        i_day: typed!("i_day", js_sys::Int32Array),
        i_survey: typed!("i_survey", js_sys::Uint32Array),
        i_item: typed!("i_item", js_sys::Uint16Array),
        i_first: typed!("i_first", js_sys::Uint8Array),
        i_second: typed!("i_second", js_sys::Uint8Array),
    };
    let (nq, ni) = (p.q_resp.len(), p.i_resp.len());
    let q_ok = [
        p.q_who.len(),
        p.q_day.len(),
        p.q_question.len(),
        p.q_score.len(),
    ]
    .iter()
    .all(|&l| l == nq);
    let i_ok = [
        p.i_who.len(),
        p.i_day.len(),
        p.i_survey.len(),
        p.i_item.len(),
        p.i_first.len(),
        p.i_second.len(),
    ]
    .iter()
    .all(|&l| l == ni);
    if !(q_ok && i_ok) {
        return Err(bad("column lengths differ"));
    }
    Ok(p)
}

/// Applies `change` to the answers snapshot inside write transaction `tx` (which holds
/// `meta` and `responses`), after `written` were put. Without a snapshot: if `written`
/// are now all the responses there are (a first import), the snapshot starts with them;
/// otherwise the next analytics read builds it from the records.
pub(crate) async fn update_answers(
    tx: &Tx,
    written: &[SurveyResponse],
    change: impl FnOnce(&mut PackedAnswers),
) -> Result<(), StoreError> {
    let meta = tx.store(META)?;
    let req = meta
        .get(&JsValue::from_str(ANSWERS))
        .map_err(StoreError::from_js)?;
    let v = idb::request(&req).await?;
    let p = if v.is_undefined() {
        if written.is_empty() {
            return Ok(());
        }
        let req = tx
            .store(SurveyResponse::INFO.name)?
            .count()
            .map_err(StoreError::from_js)?;
        let n = idb::request(&req).await?.as_f64().unwrap_or(0.0) as usize;
        if n != written.len() {
            return Ok(());
        }
        PackedAnswers::of(written)
    } else {
        let mut p = snapshot_from(&v)?;
        change(&mut p);
        p
    };
    meta.put_with_key(&snapshot_js(&p), &JsValue::from_str(ANSWERS))
        .map_err(StoreError::from_js)?;
    Ok(())
}

/// Drops the answers snapshot inside a write transaction: for changes it cannot follow
/// (responses moving between customers); the next read rebuilds it from the records.
pub(crate) fn drop_answers(tx: &Tx) -> Result<(), StoreError> {
    tx.store(META)?
        .delete(&JsValue::from_str(ANSWERS))
        .map(|_| ())
        .map_err(StoreError::from_js)
}

pub(crate) fn survey_record(s: &Survey, stamp: &Stamp) -> JsValue {
    let o = js_sys::Object::new();
    js::set(&o, "id", &JsValue::from_str(s.id.as_str()));
    js::set(&o, "doc", &js::to_doc(s));
    stamp.mark(&o);
    o.into()
}

fn parse_all(v: JsValue) -> Result<Vec<SurveyResponse>, StoreError> {
    let arr: js_sys::Array = v.into();
    arr.iter().map(|rec| js::parse_doc(&rec)).collect()
}

impl Db {
    /// Creates or replaces a designed survey (one transaction; the data version moves,
    /// since results show the survey's items and weights). The survey must be stored at
    /// the revision it carries, or not at all for revision 0 ([`StoreError::Changed`]
    /// otherwise: edited or deleted elsewhere). Returns it as saved, at its next revision.
    pub async fn put_survey(&self, s: &Survey) -> Result<Survey, StoreError> {
        let tx = Tx::new(&self.db, &[SURVEYS, META], true)?;
        let stored = crate::doc::<Survey>(&tx, SURVEYS, s.id.as_str()).await?;
        if stored.map(|x| x.rev) != (s.rev > 0).then_some(s.rev) {
            return Err(StoreError::Changed);
        }
        self.write_survey(tx, s).await
    }

    /// Writes `s` at its next revision in `tx` (which holds the surveys and meta), and
    /// commits.
    async fn write_survey(&self, tx: Tx, s: &Survey) -> Result<Survey, StoreError> {
        let saved = Survey {
            rev: s.rev + 1,
            ..s.clone()
        };
        let stamp = sync::stamp(&tx).await?;
        tx.store(SURVEYS)?
            .put(&survey_record(&saved, &stamp))
            .map_err(StoreError::from_js)?;
        sync::changed(&tx, SURVEYS, [saved.id.0.clone()]);
        schema::bump_version(&tx).await?;
        tx.commit().await?;
        self.feed.announce(&Change::Surveys);
        Ok(saved)
    }

    /// Puts a deleted survey back as it was (the undo of [`Db::delete_survey`]), at its
    /// next revision; refused ([`StoreError::Changed`]) if one with its id is stored.
    pub async fn put_survey_back(&self, s: &Survey) -> Result<Survey, StoreError> {
        let tx = Tx::new(&self.db, &[SURVEYS, META], true)?;
        if crate::doc::<Survey>(&tx, SURVEYS, s.id.as_str())
            .await?
            .is_some()
        {
            return Err(StoreError::Changed);
        }
        self.write_survey(tx, s).await
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
        let tx = Tx::new(&self.db, &[SurveyResponse::INFO.name], false)?;
        let req = tx
            .store(SurveyResponse::INFO.name)?
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
        let old: Survey = self.take_record(SURVEYS, id).await?;
        self.feed.announce(&Change::Surveys);
        Ok(old)
    }

    /// Every response's answers, packed (the analytics worker's input): one record, the
    /// answers snapshot, kept up by every response write. Where there is none yet (data
    /// from before it, or after an erase) it is built from the records, in the same
    /// transaction, and stored.
    pub async fn response_answers(&self) -> Result<PackedAnswers, StoreError> {
        let tx = Tx::new(&self.db, &[SurveyResponse::INFO.name, META], true)?;
        let meta = tx.store(META)?;
        let req = meta
            .get(&JsValue::from_str(ANSWERS))
            .map_err(StoreError::from_js)?;
        let v = idb::request(&req).await?;
        if !v.is_undefined() {
            let p = snapshot_from(&v)?;
            tx.commit().await?;
            return Ok(p);
        }
        let req = tx
            .store(SurveyResponse::INFO.name)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let all = parse_all(idb::request(&req).await?)?;
        let p = PackedAnswers::of(&all);
        meta.put_with_key(&snapshot_js(&p), &JsValue::from_str(ANSWERS))
            .map_err(StoreError::from_js)?;
        tx.commit().await?;
        Ok(p)
    }
}
