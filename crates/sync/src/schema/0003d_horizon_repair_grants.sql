-- Office database, version 3 (4 of 4): the change log's horizon, damaged rows, and who may
-- call what.
SET LOCAL ROLE nhiemvu_owner;
SET LOCAL search_path = nv, pg_catalog;

-- ---------------------------------------------------------------------------------------
-- The change log's horizon: PCs read only below the oldest transaction still running, so
-- one left open holds back every PC. Who holds it, and since when.
CREATE FUNCTION horizon_status(OUT held_since timestamptz, OUT held_seconds bigint, OUT holder name,
                               OUT holder_is_app boolean, OUT holder_database name)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT a.xact_start, floor(extract(epoch FROM now() - a.xact_start))::bigint,
           -- Who it is, for the office and the admin only.
           CASE WHEN nv.writes_office(session_user) OR me.rolsuper THEN a.usename END,
           EXISTS (SELECT 1 FROM nv.logins l WHERE l.login = a.usename),
           CASE WHEN nv.writes_office(session_user) OR me.rolsuper THEN a.datname END
    FROM pg_stat_activity a, (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) me
    WHERE a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL
    ORDER BY a.xact_start LIMIT 1
$$;

-- End the transactions of the app's logins that have held the horizon longer than the
-- limit (no PC of ours keeps one open for more than seconds). Any of the app's logins
-- may ask: a stuck horizon is everybody's problem. Returns how many were ended.
CREATE FUNCTION release_held() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    a record;
    n int := 0;
BEGIN
    FOR a IN
        SELECT pid, usename, datname, xact_start, state FROM pg_stat_activity
        WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid()
          AND xact_start < now() - make_interval(secs => nv.meta_int('held_release_seconds', 600))
          AND usename IN (SELECT login FROM nv.logins)
    LOOP
        IF pg_terminate_backend(a.pid) THEN
            n := n + 1;
            INSERT INTO nv.security_log (what, subject, detail)
            VALUES ('held_transaction_ended', a.usename,
                    format('cơ sở dữ liệu %s, giao dịch mở từ %s (%s)', a.datname, a.xact_start, a.state));
        END IF;
    END LOOP;
    RETURN n;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Rows no PC can read (`office-db damaged` finds them with the app's own decoders):
-- `office-db repair` keeps a copy in nv.quarantine and takes them out of circulation.
CREATE FUNCTION quarantine_event(p_id bigint, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    e record;
BEGIN
    PERFORM nv.require_admin();
    SELECT * INTO e FROM nv.task_events WHERE id = p_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO nv.quarantine (entity, entity_id, reason, row_data) VALUES ('event', p_id::text, p_reason, to_jsonb(e));
    DELETE FROM nv.task_events WHERE id = p_id;
    -- Every PC that sees the task reads it again.
    INSERT INTO nv.change_log (entity, entity_id, units) VALUES ('task', e.task_id, coalesce(nv.task_units(e.task_id), '{}'));
END
$$;

CREATE FUNCTION quarantine_config(p_key text, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    s record;
BEGIN
    PERFORM nv.require_admin();
    SELECT * INTO s FROM nv.settings WHERE key = p_key;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO nv.quarantine (entity, entity_id, reason, row_data) VALUES (p_key, p_key, p_reason, to_jsonb(s));
    DELETE FROM nv.settings WHERE key = p_key;
END
$$;

-- A column of a task, document, unit or person holding a value the core does not know:
-- the row is kept (with its original in nv.quarantine) and the value replaced by the one
-- the facts give (a task's class from its deadline, its origin from its document) or a
-- neutral one (văn bản khác, độ khẩn thường, …).
CREATE FUNCTION repair_values(p_entity text, p_id uuid, p_reason text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    r jsonb;
BEGIN
    PERFORM nv.require_admin();
    r := CASE p_entity
        WHEN 'task' THEN (SELECT to_jsonb(t) FROM nv.tasks t WHERE id = p_id)
        WHEN 'document' THEN (SELECT to_jsonb(d) FROM nv.documents d WHERE id = p_id)
        WHEN 'unit' THEN (SELECT to_jsonb(u) FROM nv.units u WHERE id = p_id)
        WHEN 'person' THEN (SELECT to_jsonb(p) FROM nv.people p WHERE id = p_id) END;
    IF r IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO nv.quarantine (entity, entity_id, reason, row_data) VALUES (p_entity, p_id::text, p_reason, r);
    IF p_entity = 'task' THEN
        UPDATE nv.tasks t SET
            classification = CASE WHEN nv.is_enum('classification', t.classification) THEN t.classification
                WHEN t.deadline IS NOT NULL AND t.must_report THEN 'a' WHEN t.deadline IS NOT NULL THEN 'b'
                WHEN t.must_report THEN 'c' ELSE 'd' END,
            origin = CASE WHEN nv.is_enum('origin', t.origin) THEN t.origin
                ELSE coalesce((SELECT d.origin FROM nv.documents d WHERE d.id = t.document_id AND nv.is_enum('origin', d.origin)), 'qc45') END,
            version = t.version + 1
        WHERE id = p_id;
    ELSIF p_entity = 'document' THEN
        UPDATE nv.documents SET
            kind = CASE WHEN nv.is_enum('document_kind', kind) THEN kind ELSE 'other' END,
            issuer = CASE WHEN nv.is_enum('issuer', issuer) THEN issuer ELSE 'provincial_committee' END,
            urgency = CASE WHEN nv.is_enum('urgency', urgency) THEN urgency ELSE 'normal' END,
            origin = CASE WHEN nv.is_enum('origin', origin) THEN origin ELSE 'qc45' END,
            version = version + 1
        WHERE id = p_id;
    ELSIF p_entity = 'unit' THEN
        UPDATE nv.units SET kind = CASE WHEN nv.is_enum('unit_kind', kind) THEN kind ELSE 'agency' END WHERE id = p_id;
    ELSIF p_entity = 'person' THEN
        UPDATE nv.people SET role = CASE WHEN nv.is_enum('role', role) THEN role ELSE 'unit' END WHERE id = p_id;
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA nv FROM PUBLIC;
-- What the policies and every login call.
GRANT EXECUTE ON FUNCTION kind_of(name), sees_all(name), writes_office(name), unit_ids_of(name),
    person_id_of(name), person_name_of(name), may_attach(text, name), task_lead_in(uuid, uuid[]),
    has_blob(text), set_my_password(text), horizon_status(), release_held(), meta_int(text, bigint)
    TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
-- Who may write is decided inside each function (with its reason in Vietnamese); a leader
-- only reads, and calls none of them.
GRANT EXECUTE ON FUNCTION put_blob(text, bytea), task_act(uuid, uuid, jsonb, timestamptz, bigint, jsonb),
    task_acts(uuid[], uuid[], jsonb[], timestamptz[], bigint[], jsonb[]),
    register_document(uuid, jsonb, jsonb, timestamptz), add_tasks(uuid, uuid, jsonb, timestamptz),
    save_config(uuid, text, jsonb), resolve_conflict(bigint, text)
    TO nhiemvu_office, nhiemvu_unit, nhiemvu_admin;
GRANT EXECUTE ON FUNCTION provision_unit(uuid, uuid, text, text), provision_person(uuid, text, uuid, text, text, name, text),
    disable_login(name), enable_login(name), remove_login(name), prune_change_log(interval), prune_blobs(interval),
    seed_config(text, jsonb), quarantine_event(bigint, text), quarantine_config(text, text),
    repair_values(text, uuid, text), record_applied(uuid, text, uuid)
    TO nhiemvu_admin;

RESET ROLE;
