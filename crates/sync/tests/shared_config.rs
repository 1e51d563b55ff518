//! What every PC of an office shares besides tasks: the settings and the calendar of extra
//! days off and make-up days (so deadlines are counted on the same days everywhere), and a
//! change log the admin may prune without any PC missing a change.

mod support;

use chrono::NaiveDate;
use nhiemvu_core::calendar::{CalendarOverride, OverrideKind};
use nhiemvu_core::store::{Mutation, OutboxState, Settings};
use support::*;

fn day_off(date: NaiveDate, note: &str) -> CalendarOverride {
    CalendarOverride {
        date,
        kind: OverrideKind::DayOff,
        note: note.into(),
    }
}

#[test]
fn the_offices_settings_and_calendar_reach_every_pc() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");

    // Thursday 31/12/2026 is an ordinary working day until the office says otherwise.
    let eve = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    assert!(syt.store.calendar().is_working_day(eve));
    let a = vp.actor();
    let settings = Settings {
        province_name: "Quảng Trị".into(),
        report_place: "Quảng Trị".into(),
        signer_name: "Hoàng Nam".into(),
        due_soon_days: 5,
        ..vp.store.settings().clone()
    };
    vp.store.save_settings(&a, settings.clone()).unwrap();
    let mut calendar = vp.store.calendar_overrides().unwrap();
    calendar.push(day_off(eve, "Nghỉ cuối năm theo quyết định của UBND tỉnh"));
    vp.store.set_calendar_overrides(&a, &calendar).unwrap();
    let r = vp.sync();
    assert_eq!((r.pushed, r.rejected), (2, 0));

    let r = syt.sync();
    assert!(r.pulled > 0);
    assert_eq!(syt.store.settings(), &settings);
    assert_eq!(syt.store.calendar_overrides().unwrap(), calendar);
    assert!(
        !syt.store.calendar().is_working_day(eve),
        "the unit's PC counts the new day off"
    );
    assert_eq!(
        syt.store.calendar().day_off_reason(eve).as_deref(),
        Some("Nghỉ cuối năm theo quyết định của UBND tỉnh")
    );

    // A PC joining later gets them with its first download.
    let stc = office.pc("stc_cuong");
    assert_eq!(stc.store.settings(), &settings);
    assert!(!stc.store.calendar().is_working_day(eve));

    // A unit's attempt to change them (a tool, not the window: the window refuses it)
    // is refused by the server, shown to its author, and the PC takes the office's again.
    let mut tampered = settings.clone();
    tampered.signer_name = "Người Khác".into();
    let b = syt.actor();
    syt.store.save_settings(&b, tampered).unwrap();
    let r = syt.sync();
    assert_eq!(r.rejected, 1);
    let e = &syt
        .store
        .outbox_entries(Some(OutboxState::Rejected), 1)
        .unwrap()[0];
    assert_eq!(e.mutation.name(), "save_settings");
    assert!(
        e.reason.as_deref().unwrap().contains("chỉ Văn phòng"),
        "{:?}",
        e.reason
    );
    assert_eq!(
        syt.store.settings(),
        &settings,
        "the copy follows the server"
    );
    let mut su = office.superuser();
    let on_server: serde_json::Value = su
        .query_one("SELECT value FROM nv.settings WHERE key = 'settings'", &[])
        .unwrap()
        .get(0);
    assert_eq!(on_server["signer_name"], "Hoàng Nam");
}

#[test]
fn a_change_not_sent_yet_is_not_overwritten_by_a_pull() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut lan = office.pc("vp_lan");
    let a = vp.actor();
    let mut mine = vp.store.settings().clone();
    mine.signer_name = "Trần Thị Thu".into();
    vp.store.save_settings(&a, mine.clone()).unwrap();
    vp.sync();

    // Lê Thị Lan changes the signer offline; a pull arriving before her change is sent
    // leaves her version on screen, then hers goes up and everyone gets it.
    let b = lan.actor();
    let mut hers = mine.clone();
    hers.signer_name = "Lê Thị Lan".into();
    lan.store.save_settings(&b, hers.clone()).unwrap();
    let mut session = lan.session.take().unwrap();
    nhiemvu_sync::pull::pull_changes(session.client(), &mut lan.store).unwrap();
    assert_eq!(lan.store.settings(), &hers);
    lan.session = Some(session);
    lan.sync();
    vp.sync();
    assert_eq!(vp.store.settings(), &hers);
}

#[test]
fn a_unit_the_server_refused_leaves_the_pc() {
    use nhiemvu_core::model::UnitKind;
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let a = vp.actor();
    // Through the store (a tool): the server refuses, the unit goes from this PC too.
    let unit = vp
        .store
        .create_unit(&a, None, "Ban Dân tộc", UnitKind::Agency)
        .unwrap();
    assert!(vp.store.joined_office().unwrap());
    let r = vp.sync();
    assert_eq!(r.rejected, 1);
    assert!(
        !vp.store.units().unwrap().iter().any(|u| u.id == unit.id),
        "a unit the server refused does not stay on the PC"
    );
    let queued = vp.store.outbox_entries(None, 10).unwrap();
    assert!(matches!(
        &queued[0].mutation,
        Mutation::CreateUnit { unit: u } if u.id == unit.id
    ));
}

/// The admin prunes the change log. A PC that was offline past the pruned part downloads
/// its scope again (and so misses nothing); one that kept pulling, even while it saw no
/// change of its own, just goes on.
#[test]
fn pruning_the_change_log_loses_no_pc_a_change() {
    let office = Office::start();
    let mut vp = office.pc("vp_thu");
    let mut syt = office.pc("syt_binh");
    let mut stc = office.pc("stc_cuong");
    register(&mut vp, "51", &[office.health.id]);
    vp.sync();
    syt.sync();
    stc.sync();

    // Sở Tài chính keeps pulling while only Sở Y tế's tasks change: its cursor still moves.
    let stc_cursor = stc.store.sync_state_get("cursor").unwrap();
    register(&mut vp, "52", &[office.health.id]);
    vp.sync();
    stc.sync();
    assert_ne!(stc.store.sync_state_get("cursor").unwrap(), stc_cursor);

    // Sở Y tế goes offline; the office assigns it more, and the log of all that ages.
    let later = register(&mut vp, "53", &[office.health.id]);
    vp.sync();
    stc.sync();
    let mut su = office.superuser();
    su.batch_execute("UPDATE nv.change_log SET at = at - interval '100 days'")
        .unwrap();
    let mut admin = office.direct("qt_an");
    let n: i64 = admin
        .query_one("SELECT nv.prune_change_log(interval '90 days')", &[])
        .unwrap()
        .get(0);
    assert!(n > 0);
    // Nobody else may prune, and nobody keeps less than 60 days.
    let mut c = office.direct("vp_thu");
    assert!(c
        .query_one("SELECT nv.prune_change_log(interval '90 days')", &[])
        .is_err());
    assert!(admin
        .query_one("SELECT nv.prune_change_log(interval '30 days')", &[])
        .is_err());

    let r = syt.sync();
    assert!(r.full_download, "its cursor lay below the pruned part");
    assert!(syt.store.task(later[0].id).is_ok());
    let mut direct = office.direct("syt_binh");
    assert_eq!(local_view(&syt.store), server_view(&mut direct));

    let r = stc.sync();
    assert!(
        !r.full_download,
        "a PC that kept pulling goes on from its cursor"
    );
    let r = vp.sync();
    assert!(!r.full_download);
    let mut direct = office.direct("vp_thu");
    assert_eq!(local_view(&vp.store), server_view(&mut direct));
}
