//! The sync side of the canary: the places a marker string could leak through a sync run
//! can be searched, and the search finds a marker that does travel (a normal document's
//! summary) in the traffic, in PostgreSQL and in the PC's files — so when the confidential
//! store's test (issue 6) finds its markers in none of them, that means something.

mod support;

use support::canary::{contains, dump_text, files_under, Recorder};
use support::*;

#[test]
fn a_marker_that_travels_is_found_in_the_traffic_the_server_and_the_files() {
    let office = Office::start();
    let recorder = Recorder::start(office.pg.port());
    let marker = format!("CANARY-{}", uuid::Uuid::now_v7().simple());
    let unsent = format!("UNSENT-{}", uuid::Uuid::now_v7().simple());

    let mut vp = office.pc("vp_thu");
    // Reconnect through the recorder, in clear text so its bytes can be read.
    vp.url = format!(
        "postgresql://vp_thu:{}@127.0.0.1:{}/{DB}?sslmode=disable",
        urlencode(PASSWORD),
        recorder.port
    );
    vp.session = None;
    let actor = vp.actor();
    let mut doc = document("77");
    doc.summary = format!("Về việc {marker}");
    vp.store
        .register_document(
            &actor,
            doc,
            vec![task(office.health.id, "Triển khai", None)],
        )
        .unwrap();
    vp.sync();
    // Written locally after the last sync: on the PC, nowhere else.
    let mut doc = document("78");
    doc.summary = format!("Về việc {unsent}");
    vp.store.register_document(&actor, doc, vec![]).unwrap();

    let traffic = recorder.traffic();
    assert!(traffic.len() > 1000, "the relay saw the session");
    assert!(contains(&traffic, &marker), "found on the wire");
    assert!(
        contains(&dump_text(&office.pg, DB), &marker),
        "found in PostgreSQL"
    );
    let files = files_under(vp.dir.path());
    assert!(
        files.iter().any(|(_, b)| contains(b, &marker)),
        "found in the PC's files"
    );

    assert!(
        !contains(&traffic, &unsent),
        "what was not sent is not on the wire"
    );
    assert!(!contains(&dump_text(&office.pg, DB), &unsent));
    assert!(
        files.iter().any(|(_, b)| contains(b, &unsent)),
        "but it is on the PC"
    );
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
