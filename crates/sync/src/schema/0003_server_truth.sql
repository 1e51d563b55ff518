-- Office database, version 3: the server derives, the PC proposes.
--
-- Until version 2 the application roles wrote tasks, timeline rows, documents, conflicts
-- and settings directly, under row-level security and column grants; a login could then
-- write any value into the columns it owned (a submission dated before the deadline, a
-- timeline row charged to another unit, a payload no PC can read). From this version no
-- application role writes those tables at all: every change goes through the SECURITY
-- DEFINER functions below, which check the caller, the transition table (generated from
-- nhiemvu_core::lifecycle by `schema.rs`), the task's history and the server's clock, and
-- derive every fact a report counts themselves: states, times, the unit a timeline row is
-- charged to, the payload of the row. Lateness is not stored here: each PC derives it from
-- these facts with the core's rules (nhiemvu_core::timeliness).
SET LOCAL ROLE nhiemvu_owner;
SET LOCAL search_path = nv, pg_catalog;

-- ---------------------------------------------------------------------------------------
-- Limits the admin may change (as superuser: UPDATE nv.meta SET value = … WHERE key = …).
INSERT INTO meta (key, value) VALUES
    -- How much earlier than the server's clock a PC may date an action it made offline.
    ('max_offline_hours', '168'),
    -- Files: what one login may store in all, and what it may leave unattached.
    ('blob_quota_bytes', '2147483648'),
    ('blob_unattached_bytes', '104857600'),
    -- A transaction holding the change log's horizon: warned about, then ended.
    ('held_warn_seconds', '120'),
    ('held_release_seconds', '600')
ON CONFLICT (key) DO NOTHING;

-- Values the core knows for each of its enumerations, and the lifecycle's rules: both
-- filled from nhiemvu_core by `schema.rs` at every init and migrate.
CREATE TABLE enum_values (
    enum   text NOT NULL,
    value  text NOT NULL,
    PRIMARY KEY (enum, value)
);

-- What an action does from a state, for each kind of person: the state it leads to, or the
-- core's Vietnamese refusal. `action` is the action's name, with ':completed' or
-- ':not_completed' for a result report and ':passed' or ':failed' for a review.
CREATE TABLE action_rules (
    action      text NOT NULL,
    actor_kind  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text,
    refusal     text,
    PRIMARY KEY (action, actor_kind, from_state),
    CHECK ((to_state IS NULL) <> (refusal IS NULL))
);

-- ---------------------------------------------------------------------------------------
-- The app's own logins. Admin functions create, rename, disable and remove only these, so
-- the app's admin can never touch another application's role on the same server.
CREATE TABLE logins (
    login        name PRIMARY KEY,
    person_id    uuid NOT NULL REFERENCES people(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    disabled_at  timestamptz,
    removed_at   timestamptz,
    note         text NOT NULL DEFAULT ''
);
INSERT INTO logins (login, person_id) SELECT login, id FROM people WHERE login IS NOT NULL;

-- Security-relevant events (a held transaction ended, a login disabled, a quota reached).
CREATE TABLE security_log (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    by_login name NOT NULL DEFAULT session_user,
    what     text NOT NULL,
    subject  name,
    detail   text NOT NULL DEFAULT ''
);

-- Rows taken out of circulation by `office-db repair`: kept whole, never lost.
CREATE TABLE quarantine (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    by_login   name NOT NULL DEFAULT session_user,
    entity     text NOT NULL,
    entity_id  text NOT NULL,
    reason     text NOT NULL,
    row_data   jsonb NOT NULL
);

-- When the server received a timeline row, and the time the PC claimed when it differs
-- from the one recorded (an action made offline, or a clock off): every back-dating is
-- visible to whoever reads the timeline.
ALTER TABLE task_events ADD COLUMN received_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE task_events ADD COLUMN claimed_at timestamptz;
-- Lateness is derived by each PC; what older versions stored here is not vouched for.
UPDATE task_events SET late = NULL WHERE late IS NOT NULL;
UPDATE task_events SET payload = payload - 'late' WHERE kind = 'reviewed' AND payload ? 'late';
ALTER TABLE documents ALTER COLUMN entered_late DROP NOT NULL;
ALTER TABLE documents ALTER COLUMN entered_late DROP DEFAULT;
UPDATE documents SET entered_late = NULL;

ALTER TABLE blob_uploads ADD COLUMN uploaded_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX blob_uploads_login ON blob_uploads(login);
CREATE INDEX document_attachments_sha ON document_attachments(sha256);

ALTER TABLE mutations ADD CONSTRAINT mutations_reason_length CHECK (length(reason) <= 4000);
ALTER TABLE mutations ADD CONSTRAINT mutations_name_length CHECK (length(name) <= 40);

-- ---------------------------------------------------------------------------------------
-- No direct writes by any application role. (Revoking a table privilege revokes the
-- column privileges granted on it too.)
DROP POLICY tasks_assign ON tasks;
DROP POLICY tasks_update ON tasks;
DROP POLICY task_coordinators_write ON task_coordinators;
DROP POLICY task_coordinators_remove ON task_coordinators;
DROP POLICY documents_register ON documents;
DROP POLICY document_attachments_write ON document_attachments;
DROP POLICY task_events_write ON task_events;
DROP POLICY conflicts_record ON conflicts;
DROP POLICY conflicts_resolve ON conflicts;
DROP POLICY settings_write ON settings;
DROP POLICY settings_change ON settings;
DROP POLICY mutations_record ON mutations;
DROP FUNCTION may_write_task(uuid, name);
-- The transitions are now `action_rules` (per action, with the core's refusals).
DROP TABLE transitions;
CREATE OR REPLACE FUNCTION settings_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = nv, pg_catalog AS $$
BEGIN
    NEW.updated_at := now();
    NEW.updated_by := session_user;
    RETURN NEW;
END
$$;
REVOKE INSERT, UPDATE, DELETE ON documents, document_attachments, tasks, task_coordinators, task_events,
    conflicts, settings, mutations
    FROM nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
-- A client records only the refusals its own rules decide (the functions record the rest).
CREATE POLICY mutations_refused ON mutations FOR INSERT WITH CHECK (author = current_user AND outcome = 'rejected');
GRANT INSERT ON mutations TO nhiemvu_office, nhiemvu_unit, nhiemvu_admin;

ALTER TABLE enum_values ENABLE ROW LEVEL SECURITY;
ALTER TABLE enum_values FORCE ROW LEVEL SECURITY;
CREATE POLICY enum_values_read ON enum_values FOR SELECT USING (true);
ALTER TABLE action_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE action_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY action_rules_read ON action_rules FOR SELECT USING (true);
ALTER TABLE logins ENABLE ROW LEVEL SECURITY;
ALTER TABLE logins FORCE ROW LEVEL SECURITY;
CREATE POLICY logins_read ON logins FOR SELECT USING ((SELECT nv.kind_of(current_user)) = 'admin');
ALTER TABLE security_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE security_log FORCE ROW LEVEL SECURITY;
CREATE POLICY security_log_read ON security_log FOR SELECT USING ((SELECT nv.writes_office(current_user)));
ALTER TABLE quarantine ENABLE ROW LEVEL SECURITY;
ALTER TABLE quarantine FORCE ROW LEVEL SECURITY;
CREATE POLICY quarantine_read ON quarantine FOR SELECT USING ((SELECT nv.kind_of(current_user)) = 'admin');
GRANT SELECT ON enum_values, action_rules TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
GRANT SELECT ON logins, quarantine TO nhiemvu_admin;
GRANT SELECT ON security_log TO nhiemvu_office, nhiemvu_admin;

-- ---------------------------------------------------------------------------------------
-- Helpers that answer about someone must not answer about others: called by a login with
-- another login's name (or a task it cannot see), they say nothing.
CREATE OR REPLACE FUNCTION may_attach(sha text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT sha IS NULL OR (who = session_user
        AND EXISTS (SELECT 1 FROM nv.blob_uploads WHERE sha256 = sha AND login = who))
$$;

CREATE OR REPLACE FUNCTION task_lead_in(task uuid, unit_ids uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    -- Only the caller's own units: asking with another unit's id learns nothing.
    RETURN EXISTS (SELECT 1 FROM nv.tasks WHERE id = task
        AND lead_unit_id = ANY (unit_ids) AND lead_unit_id = ANY (nv.unit_ids_of(session_user)));
END
$$;
-- Used only by the change-log triggers, which run as the owner.
REVOKE EXECUTE ON FUNCTION task_units(uuid) FROM nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;

-- The person calling one of the functions below: the session's login (SET ROLE changes
-- nothing here), as the directory and the role memberships know them.
CREATE TYPE caller_t AS (person_id uuid, full_name text, unit_id uuid, kind text);
CREATE FUNCTION caller() RETURNS caller_t
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t;
BEGIN
    SELECT p.id, p.full_name, p.unit_id INTO me.person_id, me.full_name, me.unit_id
    FROM nv.people p WHERE p.login = session_user;
    me.kind := nv.kind_of(session_user);
    IF me.person_id IS NULL OR me.kind IS NULL THEN
        RAISE EXCEPTION 'Tài khoản "%" không phải của một cán bộ trong danh bạ của Văn phòng.', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT me.unit_id = ANY (nv.unit_ids_of(session_user)) THEN
        RAISE EXCEPTION 'Tài khoản "%" chưa được gắn với đơn vị của mình trên máy chủ.', session_user
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN me;
END
$$;

-- Refuse with a Vietnamese message (PL/pgSQL's RAISE needs a literal format).
CREATE FUNCTION refuse(msg text, code text DEFAULT 'check_violation') RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = code;
END
$$;

-- A value of one of the core's enumerations.
CREATE FUNCTION is_enum(e text, v text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT EXISTS (SELECT 1 FROM nv.enum_values WHERE enum = e AND value = v)
$$;

-- A calendar date written yyyy-mm-dd between 1900 and 2200, or NULL.
CREATE FUNCTION as_date(v text) RETURNS date
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    y int; m int; d int;
BEGIN
    IF v IS NULL OR v !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN NULL;
    END IF;
    y := substr(v, 1, 4)::int; m := substr(v, 6, 2)::int; d := substr(v, 9, 2)::int;
    IF y < 1900 OR y > 2200 OR m < 1 OR m > 12 OR d < 1
        OR d > extract(day FROM make_date(y, m, 1) + interval '1 month - 1 day') THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, m, d);
END
$$;

CREATE FUNCTION as_uuid(v text) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN v::uuid END
$$;

-- A text field of a JSON object sent by a PC: a string (NFC) of at most `max` characters,
-- required or not. The core validates the same fields more finely on the PC; this is the
-- server's boundary (what it stores is always what a PC can read).
CREATE FUNCTION field_text(obj jsonb, key text, label text, max int, required boolean, nullable boolean DEFAULT false)
RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v jsonb := obj -> key;
    s text;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        IF nullable THEN
            RETURN NULL;
        END IF;
        IF required THEN
            PERFORM nv.refuse(format('Thiếu %s.', label));
        END IF;
        RETURN '';
    END IF;
    IF jsonb_typeof(v) <> 'string' THEN
        PERFORM nv.refuse(format('%s phải là một đoạn văn bản.', label));
    END IF;
    s := normalize(v #>> '{}', NFC);
    IF length(s) > max THEN
        PERFORM nv.refuse(format('%s dài quá %s ký tự.', label, max));
    END IF;
    IF required AND btrim(s) = '' THEN
        PERFORM nv.refuse(format('Thiếu %s.', label));
    END IF;
    RETURN s;
END
$$;

CREATE FUNCTION field_date(obj jsonb, key text, label text, nullable boolean) RETURNS date
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v jsonb := obj -> key;
    d date;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) = 'null' THEN
        IF NOT nullable THEN
            PERFORM nv.refuse(format('Thiếu %s.', label));
        END IF;
        RETURN NULL;
    END IF;
    d := CASE WHEN jsonb_typeof(v) = 'string' THEN nv.as_date(v #>> '{}') END;
    IF d IS NULL THEN
        PERFORM nv.refuse(format('%s không phải là một ngày hợp lệ.', label));
    END IF;
    RETURN d;
END
$$;

CREATE FUNCTION field_bool(obj jsonb, key text, label text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF jsonb_typeof(obj -> key) IS DISTINCT FROM 'boolean' THEN
        PERFORM nv.refuse(format('Thiếu %s (có/không).', label));
    END IF;
    RETURN (obj ->> key)::boolean;
END
$$;

CREATE FUNCTION field_enum(obj jsonb, key text, e text, label text) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    v text := CASE WHEN jsonb_typeof(obj -> key) = 'string' THEN obj ->> key END;
BEGIN
    IF v IS NULL OR NOT nv.is_enum(e, v) THEN
        PERFORM nv.refuse(format('%s không hợp lệ: %s.', label, coalesce(obj ->> key, 'trống')));
    END IF;
    RETURN v;
END
$$;

CREATE FUNCTION field_unit(obj jsonb, key text, label text, nullable boolean DEFAULT false) RETURNS uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    u uuid := CASE WHEN jsonb_typeof(obj -> key) = 'string' THEN nv.as_uuid(obj ->> key) END;
BEGIN
    IF u IS NULL AND nullable AND (obj -> key IS NULL OR jsonb_typeof(obj -> key) = 'null') THEN
        RETURN NULL;
    END IF;
    IF u IS NULL OR NOT EXISTS (SELECT 1 FROM nv.units WHERE id = u) THEN
        PERFORM nv.refuse(format('%s không có trong danh bạ của Văn phòng.', label));
    END IF;
    RETURN u;
END
$$;

-- The Vietnamese date the PC's user reads: 07/03/2026.
CREATE FUNCTION vn_date(d date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT to_char(d, 'DD/MM/YYYY') $$;

-- The server's local date (Việt Nam, UTC+7, no daylight saving).
CREATE FUNCTION vn_today() RETURNS date
LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'UTC' + interval '7 hours')::date $$;

CREATE FUNCTION meta_int(k text, fallback bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT coalesce((SELECT CASE WHEN value ~ '^\d{1,18}$' THEN value::bigint END FROM nv.meta WHERE key = k), fallback)
$$;

-- The time recorded for an action a PC says it made at `claimed`: never after the server's
-- clock, never earlier than the allowed offline gap, never before `not_before` (the task's
-- previous step). The timeline row keeps both the claim and the receipt.
CREATE FUNCTION checked_time(claimed timestamptz, not_before timestamptz) RETURNS timestamptz
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    server timestamptz := now();
    gap interval := make_interval(hours => nv.meta_int('max_offline_hours', 168)::int);
    t timestamptz := least(coalesce(claimed, server), server);
BEGIN
    IF t < server - gap THEN
        t := server - gap;
    END IF;
    IF not_before IS NOT NULL AND t < not_before THEN
        t := least(not_before, server);
    END IF;
    RETURN t;
END
$$;

-- A mutation id applies once; a second use by its author is answered from the record
-- (the client reads it before calling), by someone else it is refused.
CREATE FUNCTION record_applied(p_mutation uuid, p_name text, p_entity uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    IF p_mutation IS NULL THEN
        PERFORM nv.refuse('Thiếu mã thao tác.');
    END IF;
    INSERT INTO nv.mutations (id, author, name, entity_id, outcome)
    VALUES (p_mutation, session_user, p_name, p_entity, 'applied')
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        PERFORM nv.refuse('Mã thao tác này đã được dùng.', 'unique_violation');
    END IF;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Writes of the state machine: only the owner's functions may write tasks (the guard holds
-- against a grant added by mistake), a version steps by one, a move is one the rules know.
CREATE OR REPLACE FUNCTION tasks_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = nv, pg_catalog AS $$
BEGIN
    IF current_user <> 'nhiemvu_owner'
        AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'Nhiệm vụ chỉ được thay đổi qua các thao tác của phần mềm.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.state <> 'assigned' OR NEW.version <> 1 THEN
            RAISE EXCEPTION 'Nhiệm vụ mới phải ở trạng thái "đã giao", phiên bản 1.'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSE
        IF NEW.id <> OLD.id OR NEW.document_id <> OLD.document_id THEN
            RAISE EXCEPTION 'Không được đổi mã nhiệm vụ hoặc văn bản giao nhiệm vụ.'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.version <> OLD.version + 1 THEN
            RAISE EXCEPTION 'Nhiệm vụ đã được người khác thay đổi (phiên bản % thay vì %).',
                NEW.version, OLD.version + 1
                USING ERRCODE = 'serialization_failure';
        END IF;
        IF NEW.state <> OLD.state AND NOT EXISTS (SELECT 1 FROM nv.action_rules r
                WHERE r.from_state = OLD.state AND r.to_state = NEW.state) THEN
            RAISE EXCEPTION 'Không được chuyển nhiệm vụ từ trạng thái "%" sang "%".', OLD.state, NEW.state
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF NEW.accepted_at > now() OR NEW.pending_submitted_at > now() OR NEW.completed_reviewed_at > now()
        OR NEW.cancelled_at > now() OR NEW.last_progress_at > now() OR NEW.extension_requested_at > now()
        OR NEW.extended_at > now() OR NEW.assigned_at > now() THEN
        RAISE EXCEPTION 'Thời điểm ghi nhận không được ở tương lai.' USING ERRCODE = 'check_violation';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := session_user;
    RETURN NEW;
END
$$;

-- The same for the rows hanging off tasks and documents: only through the functions.
CREATE FUNCTION owner_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = nv, pg_catalog AS $$
BEGIN
    IF current_user <> 'nhiemvu_owner'
        AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'Bảng % chỉ được ghi qua các thao tác của phần mềm.', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER task_events_owner_only BEFORE INSERT OR UPDATE OR DELETE ON task_events
    FOR EACH ROW EXECUTE FUNCTION owner_only();
CREATE TRIGGER documents_owner_only BEFORE INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION owner_only();
CREATE TRIGGER document_attachments_owner_only BEFORE INSERT OR UPDATE OR DELETE ON document_attachments
    FOR EACH ROW EXECUTE FUNCTION owner_only();
CREATE TRIGGER task_coordinators_owner_only BEFORE INSERT OR UPDATE OR DELETE ON task_coordinators
    FOR EACH ROW EXECUTE FUNCTION owner_only();
CREATE TRIGGER conflicts_owner_only BEFORE INSERT OR UPDATE OR DELETE ON conflicts
    FOR EACH ROW EXECUTE FUNCTION owner_only();
CREATE TRIGGER settings_owner_only BEFORE INSERT OR UPDATE OR DELETE ON settings
    FOR EACH ROW EXECUTE FUNCTION owner_only();

-- A timeline row, written by the functions only. The unit it is charged to, its actor and
-- its payload come from the caller of the function, never from the PC.
CREATE FUNCTION add_event(p_task uuid, p_at timestamptz, p_claimed timestamptz, p_unit uuid,
                          p_payload jsonb, p_attachment text, p_mutation uuid, me nv.caller_t) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    INSERT INTO nv.task_events (task_id, at, actor_id, actor_name, actor_login, unit_id, kind, late, payload,
                                attachment_sha256, mutation_id, received_at, claimed_at)
    VALUES (p_task, p_at, me.person_id, me.full_name, session_user, p_unit, p_payload ->> 'type', NULL, p_payload,
            p_attachment, p_mutation, now(),
            CASE WHEN p_claimed IS DISTINCT FROM p_at THEN p_claimed END);
END
$$;

-- ---------------------------------------------------------------------------------------
-- Registering a document and assigning tasks (the office and the admin).

-- The files named by a document or a result: each must have been sent by this login
-- (put_blob); the size is the server's.
CREATE FUNCTION checked_attachment(a jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    sha text;
    sz bigint;
BEGIN
    IF a IS NULL OR jsonb_typeof(a) = 'null' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(a) <> 'object' THEN
        PERFORM nv.refuse('Tệp đính kèm không hợp lệ.');
    END IF;
    sha := a ->> 'sha256';
    IF sha IS NULL OR sha !~ '^[0-9a-f]{64}$'
        OR NOT EXISTS (SELECT 1 FROM nv.blob_uploads WHERE sha256 = sha AND login = session_user) THEN
        PERFORM nv.refuse('Tệp đính kèm chưa được gửi lên máy chủ từ tài khoản này.', 'insufficient_privilege');
    END IF;
    SELECT size INTO sz FROM nv.blobs WHERE sha256 = sha;
    RETURN jsonb_build_object('sha256', sha,
        'file_name', nv.field_text(a, 'file_name', 'Tên tệp', 255, true), 'size', sz);
END
$$;

CREATE FUNCTION insert_task(p_task jsonb, p_document uuid, p_origin text, p_at timestamptz, p_claimed timestamptz,
                            p_mutation uuid, me nv.caller_t) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    v_id uuid := nv.as_uuid(p_task ->> 'id');
    v_lead uuid := nv.field_unit(p_task, 'lead_unit_id', 'Đơn vị chủ trì');
    v_deadline date := nv.field_date(p_task, 'deadline', 'Thời hạn', true);
    v_report boolean := nv.field_bool(p_task, 'must_report', 'Phải báo cáo');
    v_officer uuid;
    v_coordinators uuid[] := '{}';
    c jsonb;
BEGIN
    IF v_id IS NULL THEN
        PERFORM nv.refuse('Mã nhiệm vụ không hợp lệ.');
    END IF;
    IF jsonb_typeof(p_task -> 'follow_up_officer_id') = 'string' THEN
        v_officer := nv.as_uuid(p_task ->> 'follow_up_officer_id');
        IF v_officer IS NULL OR NOT EXISTS (SELECT 1 FROM nv.people p WHERE p.id = v_officer) THEN
            PERFORM nv.refuse('Chuyên viên theo dõi không có trong danh bạ của Văn phòng.');
        END IF;
    ELSIF jsonb_typeof(p_task -> 'follow_up_officer_id') IS DISTINCT FROM 'null' AND p_task ? 'follow_up_officer_id' THEN
        PERFORM nv.refuse('Chuyên viên theo dõi không hợp lệ.');
    END IF;
    IF jsonb_typeof(p_task -> 'coordinating_unit_ids') = 'array' THEN
        FOR c IN SELECT value FROM jsonb_array_elements(p_task -> 'coordinating_unit_ids') LOOP
            v_coordinators := v_coordinators || nv.field_unit(jsonb_build_object('u', c), 'u', 'Đơn vị phối hợp');
        END LOOP;
    ELSIF p_task ? 'coordinating_unit_ids' AND jsonb_typeof(p_task -> 'coordinating_unit_ids') <> 'null' THEN
        PERFORM nv.refuse('Danh sách đơn vị phối hợp không hợp lệ.');
    END IF;
    INSERT INTO nv.tasks (id, document_id, description, follow_up_content, lead_unit_id, follow_up_officer_id,
        director, direction_notes, original_deadline, deadline, must_report, origin, classification, state, assigned_at)
    VALUES (v_id, p_document,
        nv.field_text(p_task, 'description', 'Nội dung nhiệm vụ', 4000, true),
        nv.field_text(p_task, 'follow_up_content', 'Nội dung theo dõi', 4000, false),
        v_lead, v_officer,
        nv.field_text(p_task, 'director', 'Người chỉ đạo', 200, false, true),
        nv.field_text(p_task, 'direction_notes', 'Ý kiến chỉ đạo', 4000, false),
        v_deadline, v_deadline, v_report, p_origin,
        -- Phân loại follows from having a deadline and having to report (the core's
        -- Classification::of): derived here, never taken from the PC.
        CASE WHEN v_deadline IS NOT NULL AND v_report THEN 'a' WHEN v_deadline IS NOT NULL THEN 'b'
             WHEN v_report THEN 'c' ELSE 'd' END,
        'assigned', p_at)
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        PERFORM nv.refuse('Nhiệm vụ này đã có trên máy chủ.', 'unique_violation');
    END IF;
    INSERT INTO nv.task_coordinators (task_id, unit_id)
    SELECT v_id, u FROM (SELECT DISTINCT unnest(v_coordinators) AS u) s WHERE u <> v_lead;
    PERFORM nv.add_event(v_id, p_at, p_claimed, v_lead, jsonb_build_object('type', 'assigned', 'lead_unit_id', v_lead),
                         NULL, p_mutation, me);
    RETURN v_id;
END
$$;

-- Vào sổ a document with its tasks, as one mutation.
CREATE FUNCTION register_document(p_mutation uuid, p_document jsonb, p_tasks jsonb, p_claimed timestamptz)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t := nv.caller();
    v_id uuid := nv.as_uuid(p_document ->> 'id');
    v_issued date := nv.field_date(p_document, 'issued_on', 'Ngày ban hành', false);
    v_origin text := nv.field_enum(p_document, 'origin', 'origin', 'Nguồn giao');
    v_at timestamptz;
    a jsonb;
    att jsonb;
    t jsonb;
BEGIN
    IF me.kind NOT IN ('office', 'admin') THEN
        PERFORM nv.refuse('Chỉ Văn phòng mới được vào sổ văn bản và giao nhiệm vụ.', 'insufficient_privilege');
    END IF;
    IF v_id IS NULL THEN
        PERFORM nv.refuse('Mã văn bản không hợp lệ.');
    END IF;
    IF v_issued > nv.vn_today() THEN
        PERFORM nv.refuse(format('Ngày ban hành (%s) không được sau ngày hôm nay.', nv.vn_date(v_issued)));
    END IF;
    IF jsonb_typeof(p_tasks) IS DISTINCT FROM 'array' THEN
        PERFORM nv.refuse('Danh sách nhiệm vụ không hợp lệ.');
    END IF;
    -- A document is entered on or after the day it was issued (local midnight, UTC+7).
    v_at := nv.checked_time(p_claimed, v_issued::timestamp AT TIME ZONE 'UTC' - interval '7 hours');
    PERFORM nv.record_applied(p_mutation, 'register_document', v_id);
    INSERT INTO nv.documents (id, kind, number, symbol, issued_on, summary, signer_name, signer_title, issuer,
        submitting_agency, director, drafter, urgency, origin, entered_at, entered_by, entered_unit_id,
        entered_late, entered_login)
    VALUES (v_id,
        nv.field_enum(p_document, 'kind', 'document_kind', 'Loại văn bản'),
        nv.field_text(p_document, 'number', 'Số văn bản', 20, false),
        nv.field_text(p_document, 'symbol', 'Ký hiệu', 60, false),
        v_issued,
        nv.field_text(p_document, 'summary', 'Trích yếu', 2000, true),
        nv.field_text(p_document, 'signer_name', 'Người ký', 100, false),
        nv.field_text(p_document, 'signer_title', 'Chức vụ người ký', 100, false),
        nv.field_enum(p_document, 'issuer', 'issuer', 'Cơ quan ban hành'),
        nv.field_text(p_document, 'submitting_agency', 'Cơ quan trình', 200, false, true),
        nv.field_text(p_document, 'director', 'Người chỉ đạo', 200, false, true),
        nv.field_text(p_document, 'drafter', 'Người soạn thảo', 200, false, true),
        nv.field_enum(p_document, 'urgency', 'urgency', 'Độ khẩn'),
        v_origin, v_at, me.person_id, me.unit_id, NULL, session_user)
    ON CONFLICT (id) DO NOTHING;
    IF NOT FOUND THEN
        PERFORM nv.refuse('Văn bản này đã có trên máy chủ.', 'unique_violation');
    END IF;
    IF jsonb_typeof(p_document -> 'attachments') = 'array' THEN
        FOR a IN SELECT value FROM jsonb_array_elements(p_document -> 'attachments') LOOP
            att := nv.checked_attachment(a);
            INSERT INTO nv.document_attachments (document_id, sha256, file_name)
            VALUES (v_id, att ->> 'sha256', att ->> 'file_name') ON CONFLICT DO NOTHING;
        END LOOP;
    END IF;
    FOR t IN SELECT value FROM jsonb_array_elements(p_tasks) LOOP
        PERFORM nv.insert_task(t, v_id, v_origin, v_at, p_claimed, p_mutation, me);
    END LOOP;
END
$$;

-- More tasks from a registered document.
CREATE FUNCTION add_tasks(p_mutation uuid, p_document uuid, p_tasks jsonb, p_claimed timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t := nv.caller();
    d record;
    v_at timestamptz;
    t jsonb;
BEGIN
    IF me.kind NOT IN ('office', 'admin') THEN
        PERFORM nv.refuse('Chỉ Văn phòng mới được giao nhiệm vụ.', 'insufficient_privilege');
    END IF;
    SELECT x.origin, x.entered_at INTO d FROM nv.documents x WHERE x.id = p_document;
    IF NOT FOUND THEN
        PERFORM nv.refuse('Không tìm thấy văn bản trên máy chủ.');
    END IF;
    IF jsonb_typeof(p_tasks) IS DISTINCT FROM 'array' THEN
        PERFORM nv.refuse('Danh sách nhiệm vụ không hợp lệ.');
    END IF;
    v_at := nv.checked_time(p_claimed, d.entered_at);
    PERFORM nv.record_applied(p_mutation, 'add_tasks', p_document);
    FOR t IN SELECT value FROM jsonb_array_elements(p_tasks) LOOP
        PERFORM nv.insert_task(t, p_document, d.origin, v_at, p_claimed, p_mutation, me);
    END LOOP;
END
$$;

-- ---------------------------------------------------------------------------------------
-- A lifecycle action on a task (DOMAIN.md §3). The PC sends what the user did (the
-- action as nhiemvu_core::store::TaskAction serialises it) and when; the server decides
-- whether this person may, from the task's current state, and writes the new row and its
-- timeline entry itself.
CREATE FUNCTION task_act(p_mutation uuid, p_task uuid, p_action jsonb, p_claimed timestamptz,
                         p_base_version bigint, p_seen jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t := nv.caller();
    t nv.tasks%ROWTYPE;
    was nv.tasks%ROWTYPE;
    v_act text := p_action ->> 'type';
    v_passed boolean;
    v_rule record;
    v_prev timestamptz;
    v_at timestamptz;
    v_payload jsonb;
    v_unit uuid;
    v_file text;
    v_today date := nv.vn_today();
    v_date date;
BEGIN
    IF jsonb_typeof(p_action) IS DISTINCT FROM 'object' OR v_act IS NULL THEN
        PERFORM nv.refuse('Thao tác không hợp lệ.');
    END IF;
    SELECT * INTO t FROM nv.tasks x WHERE x.id = p_task FOR UPDATE;
    IF NOT FOUND OR NOT (me.kind IN ('office', 'admin', 'leader') OR t.lead_unit_id = me.unit_id
            OR EXISTS (SELECT 1 FROM nv.task_coordinators c WHERE c.task_id = t.id AND c.unit_id = me.unit_id)) THEN
        PERFORM nv.refuse('Không tìm thấy nhiệm vụ trên máy chủ, hoặc bạn không còn được giao nhiệm vụ này.',
                          'insufficient_privilege');
    END IF;
    was := t;
    IF v_act = 'review' THEN
        v_passed := nv.field_bool(p_action, 'passed', 'Kết quả đánh giá');
    END IF;
    SELECT r.to_state, r.refusal INTO v_rule FROM nv.action_rules r
    WHERE r.actor_kind = me.kind AND r.from_state = t.state
      AND r.action = CASE v_act
            WHEN 'submit_result' THEN 'submit_result:' || CASE WHEN p_action ->> 'outcome' = 'completed'
                                                            THEN 'completed' ELSE 'not_completed' END
            WHEN 'review' THEN 'review:' || CASE WHEN v_passed THEN 'passed' ELSE 'failed' END
            ELSE v_act END;
    IF NOT FOUND THEN
        PERFORM nv.refuse(format('Thao tác "%s" không có.', v_act));
    END IF;
    IF v_rule.to_state IS NULL THEN
        PERFORM nv.refuse(v_rule.refusal, 'insufficient_privilege');
    END IF;
    -- A unit acts only on the tasks it leads.
    IF me.kind = 'unit' AND t.lead_unit_id IS DISTINCT FROM me.unit_id THEN
        PERFORM nv.refuse('Chỉ đơn vị chủ trì mới được thực hiện thao tác này.', 'insufficient_privilege');
    END IF;
    -- A review decides on what the reviewer saw; everything else replays on the current row.
    IF v_act = 'review' AND p_base_version IS DISTINCT FROM t.version THEN
        PERFORM nv.refuse('Nhiệm vụ đã được người khác thay đổi sau khi bạn mở nó, nên quyết định dựa trên bản cũ không được ghi nhận.',
                          'serialization_failure');
    END IF;
    SELECT max(e.at) INTO v_prev FROM nv.task_events e WHERE e.task_id = t.id;
    v_at := nv.checked_time(p_claimed, greatest(v_prev, t.assigned_at));
    v_unit := t.lead_unit_id;

    CASE v_act
    WHEN 'accept' THEN
        t.accepted_at := v_at;
        v_payload := jsonb_build_object('type', 'accepted');
    WHEN 'return' THEN
        v_payload := jsonb_build_object('type', 'returned',
            'reason', nv.field_text(p_action, 'reason', 'Lý do trả lại', 2000, true));
    WHEN 'reassign' THEN
        t.lead_unit_id := nv.field_unit(p_action, 'to_unit_id', 'Đơn vị được giao lại');
        t.accepted_at := NULL;
        t.extension_requested_at := NULL;
        v_unit := t.lead_unit_id;
        v_payload := jsonb_build_object('type', 'reassigned', 'from_unit_id', was.lead_unit_id,
            'to_unit_id', t.lead_unit_id, 'note', nv.field_text(p_action, 'note', 'Ghi chú', 2000, false));
        DELETE FROM nv.task_coordinators c WHERE c.task_id = t.id AND c.unit_id = t.lead_unit_id;
    WHEN 'progress' THEN
        t.last_progress_at := v_at;
        v_payload := jsonb_build_object('type', 'progress',
            'text', nv.field_text(p_action, 'text', 'Nội dung tiến độ', 4000, false),
            'difficulties', nv.field_text(p_action, 'difficulties', 'Khó khăn, vướng mắc', 4000, false),
            'proposals', nv.field_text(p_action, 'proposals', 'Kiến nghị, đề xuất', 4000, false),
            'delay_reasons', nv.field_text(p_action, 'delay_reasons', 'Nguyên nhân chậm', 4000, false));
        IF btrim(v_payload ->> 'text') = '' AND btrim(v_payload ->> 'difficulties') = ''
            AND btrim(v_payload ->> 'proposals') = '' AND btrim(v_payload ->> 'delay_reasons') = '' THEN
            PERFORM nv.refuse('Thiếu nội dung cập nhật tiến độ.');
        END IF;
    WHEN 'submit_result' THEN
        v_payload := jsonb_build_object('type', 'result_submitted',
            'reply_kind', nv.field_enum(p_action, 'reply_kind', 'document_kind', 'Loại văn bản trả lời'),
            'reply_number', nv.field_text(p_action, 'reply_number', 'Số văn bản trả lời', 20, false),
            'reply_symbol', nv.field_text(p_action, 'reply_symbol', 'Ký hiệu văn bản trả lời', 60, false),
            'reply_summary', nv.field_text(p_action, 'reply_summary', 'Trích yếu văn bản trả lời', 2000, true),
            'reply_issued_on', nv.field_date(p_action, 'reply_issued_on', 'Ngày văn bản trả lời', false),
            'reply_signer', nv.field_text(p_action, 'reply_signer', 'Người ký văn bản trả lời', 100, true),
            'outcome', nv.field_enum(p_action, 'outcome', 'result_outcome', 'Kết quả'),
            'completed_on', nv.field_date(p_action, 'completed_on', 'Ngày hoàn thành', true),
            'explanation', nv.field_text(p_action, 'explanation', 'Diễn giải', 4000, false),
            'attachment', nv.checked_attachment(p_action -> 'attachment'));
        IF (v_payload ->> 'reply_issued_on')::date > v_today THEN
            PERFORM nv.refuse('Ngày ban hành văn bản trả lời không được sau ngày hôm nay.');
        END IF;
        v_date := (v_payload ->> 'completed_on')::date;
        IF v_date > v_today THEN
            PERFORM nv.refuse('Ngày hoàn thành không được sau ngày hôm nay.');
        END IF;
        IF v_payload ->> 'outcome' = 'completed' THEN
            IF v_date IS NULL THEN
                PERFORM nv.refuse('Thiếu ngày hoàn thành.');
            END IF;
            t.pending_submitted_at := v_at;
        END IF;
        v_file := v_payload #>> '{attachment,sha256}';
    WHEN 'review' THEN
        IF t.pending_submitted_at IS NULL THEN
            PERFORM nv.refuse('Không có kết quả nào đang chờ đánh giá.');
        END IF;
        IF v_passed THEN
            t.completed_submitted_at := t.pending_submitted_at;
            t.completed_reviewed_at := v_at;
            t.extension_requested_at := NULL;
        ELSE
            t.rejection_count := t.rejection_count + 1;
        END IF;
        t.pending_submitted_at := NULL;
        v_unit := me.unit_id;
        v_payload := jsonb_build_object('type', 'reviewed', 'passed', v_passed,
            'comment', nv.field_text(p_action, 'comment', 'Nhận xét', 4000, false));
    WHEN 'extend' THEN
        v_date := nv.field_date(p_action, 'new_deadline', 'Thời hạn mới', false);
        IF t.deadline IS NOT NULL AND v_date <= t.deadline THEN
            PERFORM nv.refuse(format('Thời hạn mới phải sau thời hạn hiện tại (%s).', nv.vn_date(t.deadline)));
        END IF;
        IF t.deadline IS NULL AND v_date < (t.assigned_at AT TIME ZONE 'UTC' + interval '7 hours')::date THEN
            PERFORM nv.refuse('Thời hạn mới không được trước ngày giao nhiệm vụ.');
        END IF;
        v_payload := jsonb_build_object('type', 'extended', 'from', t.deadline,
            'extension', jsonb_build_object('new_deadline', v_date,
                'approving_document', nv.field_text(p_action, 'approving_document', 'Văn bản cho phép gia hạn', 500, false),
                'reason', nv.field_text(p_action, 'reason', 'Lý do gia hạn', 2000, false)));
        t.deadline := v_date;
        t.original_deadline := coalesce(t.original_deadline, v_date);
        t.extension_requested_at := NULL;
        t.extended_at := v_at;
        t.classification := CASE WHEN t.must_report THEN 'a' ELSE 'b' END;
    WHEN 'cancel' THEN
        t.cancelled_at := v_at;
        t.extension_requested_at := NULL;
        v_payload := jsonb_build_object('type', 'cancelled',
            'reason', nv.field_text(p_action, 'reason', 'Lý do thu hồi/hủy', 2000, true),
            'withdrawn', nv.field_bool(p_action, 'withdrawn', 'Thu hồi'));
    WHEN 'request_extension' THEN
        IF t.extension_requested_at IS NOT NULL THEN
            PERFORM nv.refuse('Đã có một đề nghị gia hạn đang chờ Văn phòng xem xét.');
        END IF;
        v_date := nv.field_date(p_action, 'proposed_deadline', 'Thời hạn đề nghị', false);
        IF v_date <= coalesce(t.deadline, (t.assigned_at AT TIME ZONE 'UTC' + interval '7 hours')::date) THEN
            PERFORM nv.refuse(format('Thời hạn đề nghị phải sau %s.',
                nv.vn_date(coalesce(t.deadline, (t.assigned_at AT TIME ZONE 'UTC' + interval '7 hours')::date))));
        END IF;
        t.extension_requested_at := v_at;
        v_payload := jsonb_build_object('type', 'extension_requested', 'proposed_deadline', v_date,
            'reason', nv.field_text(p_action, 'reason', 'Lý do đề nghị gia hạn', 2000, true));
    WHEN 'refuse_extension' THEN
        IF t.extension_requested_at IS NULL THEN
            PERFORM nv.refuse('Nhiệm vụ không có đề nghị gia hạn nào đang chờ xem xét.');
        END IF;
        t.extension_requested_at := NULL;
        v_unit := me.unit_id;
        v_payload := jsonb_build_object('type', 'extension_refused',
            'comment', nv.field_text(p_action, 'comment', 'Ý kiến', 2000, false));
    ELSE
        PERFORM nv.refuse(format('Thao tác "%s" không có.', v_act));
    END CASE;

    PERFORM nv.record_applied(p_mutation, CASE v_act
        WHEN 'accept' THEN 'accept_task' WHEN 'return' THEN 'return_task' WHEN 'reassign' THEN 'reassign_task'
        WHEN 'progress' THEN 'post_progress' WHEN 'submit_result' THEN 'submit_result'
        WHEN 'review' THEN 'review_result' WHEN 'extend' THEN 'extend_deadline' WHEN 'cancel' THEN 'cancel_task'
        ELSE v_act END, p_task);
    t.state := v_rule.to_state;
    t.version := t.version + 1;
    UPDATE nv.tasks x SET state = t.state, version = t.version, lead_unit_id = t.lead_unit_id,
        deadline = t.deadline, original_deadline = t.original_deadline, classification = t.classification,
        accepted_at = t.accepted_at, completed_submitted_at = t.completed_submitted_at,
        completed_reviewed_at = t.completed_reviewed_at, pending_submitted_at = t.pending_submitted_at,
        cancelled_at = t.cancelled_at, rejection_count = t.rejection_count, extended_at = t.extended_at,
        extension_requested_at = t.extension_requested_at, last_progress_at = t.last_progress_at
    WHERE x.id = t.id;
    PERFORM nv.add_event(t.id, v_at, p_claimed, v_unit, v_payload, v_file, p_mutation, me);

    -- Someone else changed the same field since this person looked: this commit wins, and
    -- both values are kept where both can see them. The value overwritten is the one set by
    -- the latest step that set the field (an extension, a reassignment, or the assignment):
    -- not the task's last writer, who may be a unit that only reported progress since.
    IF jsonb_typeof(p_seen) = 'object' THEN
        IF v_act = 'extend' AND p_seen ? 'deadline'
            AND nv.as_date(p_seen ->> 'deadline') IS DISTINCT FROM was.deadline THEN
            INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, kept_by, mutation_id)
            VALUES (t.id, 'deadline', to_jsonb(was.deadline), to_jsonb(t.deadline),
                    coalesce((SELECT e.actor_login FROM nv.task_events e
                              WHERE e.task_id = t.id AND e.kind IN ('extended', 'assigned')
                                AND e.mutation_id IS DISTINCT FROM p_mutation
                              ORDER BY e.id DESC LIMIT 1), was.updated_by),
                    session_user, p_mutation);
        END IF;
        IF v_act = 'reassign' AND nv.as_uuid(p_seen ->> 'lead_unit_id') IS DISTINCT FROM was.lead_unit_id THEN
            INSERT INTO nv.conflicts (task_id, field, overwritten, kept, overwritten_by, kept_by, mutation_id)
            VALUES (t.id, 'lead_unit_id', to_jsonb(was.lead_unit_id), to_jsonb(t.lead_unit_id),
                    coalesce((SELECT e.actor_login FROM nv.task_events e
                              WHERE e.task_id = t.id AND e.kind IN ('reassigned', 'assigned')
                                AND e.mutation_id IS DISTINCT FROM p_mutation
                              ORDER BY e.id DESC LIMIT 1), was.updated_by),
                    session_user, p_mutation);
        END IF;
    END IF;
END
$$;

-- Several actions in one call, in order (one round trip for a batch; a refusal aborts the
-- whole call and the PC then sends each on its own).
CREATE FUNCTION task_acts(p_mutations uuid[], p_tasks uuid[], p_actions jsonb[], p_claimed timestamptz[],
                          p_base_versions bigint[], p_seen jsonb[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    i int;
    n int := coalesce(array_length(p_mutations, 1), 0);
BEGIN
    IF n > 1000 OR coalesce(array_length(p_tasks, 1), 0) <> n OR coalesce(array_length(p_actions, 1), 0) <> n
        OR coalesce(array_length(p_claimed, 1), 0) <> n OR coalesce(array_length(p_base_versions, 1), 0) <> n
        OR coalesce(array_length(p_seen, 1), 0) <> n THEN
        PERFORM nv.refuse('Lô thao tác không hợp lệ.');
    END IF;
    FOR i IN 1 .. n LOOP
        PERFORM nv.task_act(p_mutations[i], p_tasks[i], p_actions[i], p_claimed[i], p_base_versions[i], p_seen[i]);
    END LOOP;
    RETURN n;
END
$$;

-- ---------------------------------------------------------------------------------------
-- The office's settings and calendar, checked for what every PC must be able to read.
CREATE FUNCTION config_problem(p_key text, v jsonb) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    k text;
    lim int;
    item jsonb;
    dates date[] := '{}';
    d date;
BEGIN
    IF octet_length(v::text) > 262144 THEN
        RETURN 'quá lớn';
    END IF;
    IF p_key = 'settings' THEN
        IF jsonb_typeof(v) <> 'object' THEN
            RETURN 'không phải một bộ cấu hình';
        END IF;
        -- The limits of the PCs' own check (Settings::validated, which every PC runs on the
        -- settings it receives): a value it refuses would reach no PC at all.
        FOR k, lim IN SELECT * FROM (VALUES ('province_name', 100), ('issuing_body', 200), ('parent_body', 200),
                ('report_place', 100), ('signer_authority', 100), ('signer_title', 100), ('signer_name', 100),
                ('report_symbol', 30), ('urging_symbol', 30), ('filed', 100)) AS f(k, lim) LOOP
            IF v ? k AND (jsonb_typeof(v -> k) <> 'string' OR length(normalize(v ->> k, NFC)) > lim
                          OR (v ->> k) ~ '[\u0001-\u001f\u007f-\u009f]'
                          OR (k LIKE '%\_symbol' AND (v ->> k) ~ '[[:space:]/]')) THEN
                RETURN format('mục "%s" không hợp lệ', k);
            END IF;
        END LOOP;
        IF v ? 'due_soon_days' AND (jsonb_typeof(v -> 'due_soon_days') <> 'number'
                OR (v ->> 'due_soon_days') !~ '^\d{1,2}$' OR (v ->> 'due_soon_days')::int > 30) THEN
            RETURN 'số ngày "sắp đến hạn" phải từ 0 đến 30';
        END IF;
        FOREACH k IN ARRAY ARRAY['report_recipients', 'urging_recipients', 'tracked_classes'] LOOP
            IF v ? k THEN
                IF jsonb_typeof(v -> k) <> 'array' OR jsonb_array_length(v -> k) > 100 THEN
                    RETURN format('mục "%s" không hợp lệ', k);
                END IF;
                FOR item IN SELECT value FROM jsonb_array_elements(v -> k) LOOP
                    IF jsonb_typeof(item) <> 'string' OR length(normalize(item #>> '{}', NFC)) > 200
                        OR (item #>> '{}') ~ '[\u0001-\u001f\u007f-\u009f]'
                        OR (k = 'tracked_classes' AND NOT nv.is_enum('classification', item #>> '{}')) THEN
                        RETURN format('mục "%s" không hợp lệ', k);
                    END IF;
                END LOOP;
                -- A PC keeps at most 20 lines of recipients (empty ones dropped).
                IF k <> 'tracked_classes' AND (SELECT count(*) FROM jsonb_array_elements_text(v -> k) l
                                               WHERE btrim(l) <> '') > 20 THEN
                    RETURN format('mục "%s" không hợp lệ', k);
                END IF;
            END IF;
        END LOOP;
        IF v ? 'tracked_classes' AND jsonb_array_length(v -> 'tracked_classes') = 0 THEN
            RETURN 'cần theo dõi ít nhất một loại nhiệm vụ';
        END IF;
        RETURN NULL;
    ELSIF p_key = 'calendar' THEN
        IF jsonb_typeof(v) <> 'array' OR jsonb_array_length(v) > 5000 THEN
            RETURN 'không phải một bảng ngày nghỉ bù, làm bù';
        END IF;
        FOR item IN SELECT value FROM jsonb_array_elements(v) LOOP
            d := CASE WHEN jsonb_typeof(item) = 'object' THEN nv.as_date(item ->> 'date') END;
            IF d IS NULL OR jsonb_typeof(item -> 'date') <> 'string'
                OR jsonb_typeof(item -> 'kind') IS DISTINCT FROM 'string' OR NOT nv.is_enum('override_kind', item ->> 'kind')
                OR jsonb_typeof(item -> 'note') IS DISTINCT FROM 'string' OR length(item ->> 'note') > 500 THEN
                RETURN format('ngày "%s" không hợp lệ', coalesce(item ->> 'date', item::text));
            END IF;
            IF d = ANY (dates) THEN
                RETURN format('ngày %s có hai lần', nv.vn_date(d));
            END IF;
            dates := dates || d;
        END LOOP;
        RETURN NULL;
    END IF;
    RETURN 'không có mục cấu hình này';
END
$$;

CREATE FUNCTION save_config(p_mutation uuid, p_key text, p_value jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t := nv.caller();
    problem text;
BEGIN
    IF me.kind NOT IN ('office', 'admin') THEN
        PERFORM nv.refuse('Chỉ Văn phòng hoặc quản trị viên mới được thay đổi cấu hình và lịch làm việc chung.',
                          'insufficient_privilege');
    END IF;
    problem := nv.config_problem(p_key, p_value);
    IF problem IS NOT NULL THEN
        PERFORM nv.refuse(format('Cấu hình không hợp lệ: %s.', problem));
    END IF;
    IF p_mutation IS NOT NULL THEN
        PERFORM nv.record_applied(p_mutation, CASE p_key WHEN 'settings' THEN 'save_settings' ELSE 'set_calendar' END, NULL);
    END IF;
    INSERT INTO nv.settings (key, value) VALUES (p_key, p_value)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END
$$;

-- A conflict is settled by one of the two people in it, or by the office.
CREATE FUNCTION resolve_conflict(p_id bigint, p_resolution text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t := nv.caller();
    c record;
BEGIN
    SELECT * INTO c FROM nv.conflicts WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR NOT (c.kept_by = session_user OR c.overwritten_by = session_user
                         OR me.kind IN ('office', 'admin')) THEN
        PERFORM nv.refuse('Không tìm thấy xung đột này.', 'insufficient_privilege');
    END IF;
    IF c.resolved_at IS NOT NULL THEN
        PERFORM nv.refuse('Xung đột này đã được giải quyết.');
    END IF;
    UPDATE nv.conflicts SET resolved_at = now(), resolved_by = session_user,
        resolution = nv.field_text(jsonb_build_object('r', p_resolution), 'r', 'Cách giải quyết', 2000, true)
    WHERE id = p_id;
END
$$;

-- `office-db seed`: the first PC's settings, where the server has none yet.
CREATE FUNCTION seed_config(p_key text, p_value jsonb) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    problem text := nv.config_problem(p_key, p_value);
BEGIN
    IF problem IS NOT NULL THEN
        PERFORM nv.refuse(format('Cấu hình không hợp lệ: %s.', problem));
    END IF;
    INSERT INTO nv.settings (key, value) VALUES (p_key, p_value) ON CONFLICT (key) DO NOTHING;
    RETURN FOUND;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Files: each login has a quota of what it stores, and of what it leaves unattached.
CREATE OR REPLACE FUNCTION put_blob(p_sha256 text, p_content bytea) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    me nv.caller_t := nv.caller();
    n_bytes bigint := octet_length(p_content);
    total bigint;
    loose bigint;
BEGIN
    IF me.kind NOT IN ('office', 'unit', 'admin') THEN
        PERFORM nv.refuse('Tài khoản này không gửi tệp.', 'insufficient_privilege');
    END IF;
    IF encode(sha256(p_content), 'hex') IS DISTINCT FROM p_sha256 THEN
        RAISE EXCEPTION 'Nội dung tệp không khớp mã SHA-256 của nó.' USING ERRCODE = 'check_violation';
    END IF;
    -- Sent before: touch the stored copy (its row lock and new date keep a concurrent
    -- prune_blobs from taking it away before this transaction attaches it).
    UPDATE nv.blobs SET created_at = now() WHERE sha256 = p_sha256;
    IF FOUND AND EXISTS (SELECT 1 FROM nv.blob_uploads WHERE sha256 = p_sha256 AND login = session_user) THEN
        RETURN;
    END IF;
    -- Serialise one login's uploads so that two at once cannot both pass the quota: on the
    -- login's own row of nv.logins, which no login can lock (an advisory lock would do, but
    -- any login may take any advisory key and keep it without a transaction, and so stop
    -- another login's uploads, and its sync, for as long as it stays connected).
    PERFORM 1 FROM nv.logins WHERE login = session_user FOR UPDATE;
    SELECT coalesce(sum(b.size), 0),
           coalesce(sum(b.size) FILTER (WHERE NOT EXISTS (SELECT 1 FROM nv.document_attachments a WHERE a.sha256 = b.sha256)
                                         AND NOT EXISTS (SELECT 1 FROM nv.task_events e WHERE e.attachment_sha256 = b.sha256)), 0)
    INTO total, loose
    FROM nv.blob_uploads u JOIN nv.blobs b ON b.sha256 = u.sha256 WHERE u.login = session_user;
    -- A refusal rolls the transaction back; the PC records it in nv.mutations with this reason.
    IF total + n_bytes > nv.meta_int('blob_quota_bytes', 2147483648) THEN
        PERFORM nv.refuse(format('Tài khoản đã dùng hết dung lượng tệp trên máy chủ (%s MB). Liên hệ quản trị viên.',
            nv.meta_int('blob_quota_bytes', 2147483648) / 1048576), 'program_limit_exceeded');
    END IF;
    IF loose + n_bytes > nv.meta_int('blob_unattached_bytes', 104857600) THEN
        PERFORM nv.refuse(format('Có quá nhiều tệp đã gửi mà chưa gắn vào văn bản hay báo cáo nào (hạn mức %s MB).',
            nv.meta_int('blob_unattached_bytes', 104857600) / 1048576), 'program_limit_exceeded');
    END IF;
    INSERT INTO nv.blobs (sha256, size, content) VALUES (p_sha256, n_bytes, p_content)
    ON CONFLICT (sha256) DO UPDATE SET created_at = now();
    INSERT INTO nv.blob_uploads (sha256, login) VALUES (p_sha256, session_user)
    ON CONFLICT DO NOTHING;
END
$$;

-- Files nothing refers to, older than `p_age`, go (with who uploaded them).
CREATE FUNCTION prune_blobs(p_age interval) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    n bigint;
BEGIN
    IF nv.kind_of(session_user) IS DISTINCT FROM 'admin'
        AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        PERFORM nv.refuse('Chỉ quản trị viên mới được dọn tệp.', 'insufficient_privilege');
    END IF;
    -- One statement, no temporary table: the owner (whose rights this runs with) may not
    -- create temporary tables in the office database (nobody may: init revokes TEMP from
    -- PUBLIC), so a temporary table worked for a superuser only. The foreign key of
    -- blob_uploads is checked at the end of the statement, when both deletions are done.
    WITH loose AS (
        SELECT b.sha256 FROM nv.blobs b
        WHERE b.created_at < now() - p_age
          AND NOT EXISTS (SELECT 1 FROM nv.document_attachments a WHERE a.sha256 = b.sha256)
          AND NOT EXISTS (SELECT 1 FROM nv.task_events e WHERE e.attachment_sha256 = b.sha256)
        FOR UPDATE OF b
    ), uploads AS (
        DELETE FROM nv.blob_uploads u USING loose l WHERE u.sha256 = l.sha256
    )
    DELETE FROM nv.blobs b USING loose l WHERE b.sha256 = l.sha256;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END
$$;

-- ---------------------------------------------------------------------------------------
-- Passwords reach the server only as SCRAM-SHA-256 verifiers: the server cannot see how long
-- a password is, but it accepts only a real verifier (4096 iterations or more, a 16-byte
-- salt, 32-byte keys) — never a string PostgreSQL would take as a plain password.
CREATE FUNCTION verifier_problem(v text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    m text[];
BEGIN
    m := regexp_match(v, '^SCRAM-SHA-256\$(\d{1,9}):([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$');
    IF m IS NULL THEN
        RETURN 'Mật khẩu phải được gửi dưới dạng SCRAM-SHA-256.';
    END IF;
    IF length(m[2]) % 4 <> 0 OR length(m[3]) % 4 <> 0 OR length(m[4]) % 4 <> 0 THEN
        RETURN 'Mật khẩu băm không hợp lệ.';
    END IF;
    IF m[1]::int < 4096 THEN
        RETURN 'Mật khẩu phải được băm với ít nhất 4096 vòng.';
    END IF;
    IF length(decode(m[2], 'base64')) < 16 OR length(decode(m[3], 'base64')) <> 32
        OR length(decode(m[4], 'base64')) <> 32 THEN
        RETURN 'Mật khẩu băm không hợp lệ.';
    END IF;
    RETURN NULL;
END
$$;

-- A login name people and PostgreSQL can both read, never one of PostgreSQL's or ours.
CREATE FUNCTION login_problem(l text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN l IS NULL OR l !~ '^[a-z][a-z0-9_]{0,62}$' OR l LIKE 'nhiemvu\_%' OR l LIKE 'pg\_%'
                     OR l IN ('postgres', 'public', 'none', 'current_user', 'session_user', 'current_role')
        THEN format('Tên đăng nhập "%s" không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái (ví dụ nguyenvana).', l)
    END
$$;

CREATE OR REPLACE FUNCTION set_my_password(p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    problem text := nv.verifier_problem(p_verifier);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM nv.logins WHERE login = session_user AND disabled_at IS NULL AND removed_at IS NULL) THEN
        RAISE EXCEPTION 'Tài khoản này không phải của một cán bộ trong danh bạ.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF problem IS NOT NULL THEN
        PERFORM nv.refuse(problem);
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
END
$$;

-- The app's settings for every login it makes: member of the group named in pg_hba.conf,
-- no transaction left idle for minutes (a hostile client can change this for its own
-- session: see release_held for what ends such a transaction anyway).
CREATE FUNCTION configure_login(p_login name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    EXECUTE format('GRANT nhiemvu_login TO %I', p_login);
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', p_login, '5min');
    -- A PC uses two or three connections (sync, its LISTEN, the command line): one login
    -- cannot take all of the server's.
    EXECUTE format('ALTER ROLE %I CONNECTION LIMIT 20', p_login);
END
$$;

-- End the sessions of a login (disabled, removed, renamed).
CREATE FUNCTION end_sessions(p_login name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = p_login AND pid <> pg_backend_pid();
END
$$;

CREATE OR REPLACE FUNCTION provision_person(p_id uuid, p_full_name text, p_unit uuid, p_role text, p_title text,
                                            p_login name, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    unit_role name;
    old_role name;
    previous name;
    known record;
    problem text;
BEGIN
    SELECT role_name INTO unit_role FROM nv.units WHERE id = p_unit;
    IF unit_role IS NULL THEN
        RAISE EXCEPTION 'Không tìm thấy đơn vị %.', p_unit USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF p_role NOT IN ('office', 'unit', 'leader', 'admin') THEN
        RAISE EXCEPTION 'Vai trò không hợp lệ: %.', p_role USING ERRCODE = 'check_violation';
    END IF;
    IF p_full_name IS NULL OR btrim(p_full_name) = '' OR length(p_full_name) > 100 THEN
        PERFORM nv.refuse('Họ và tên cán bộ không hợp lệ.');
    END IF;
    IF p_login IS NOT NULL THEN
        problem := nv.login_problem(p_login);
        IF problem IS NOT NULL THEN
            PERFORM nv.refuse(problem);
        END IF;
        SELECT * INTO known FROM nv.logins WHERE login = p_login;
        IF FOUND AND known.person_id <> p_id THEN
            PERFORM nv.refuse(format('Tên đăng nhập "%s" đã được dùng cho một cán bộ khác.', p_login), 'unique_violation');
        END IF;
        IF FOUND AND known.removed_at IS NOT NULL THEN
            PERFORM nv.refuse(format('Tên đăng nhập "%s" đã bị xóa và không được dùng lại (lịch sử vẫn ghi tên này).', p_login),
                              'unique_violation');
        END IF;
        IF NOT FOUND AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
            PERFORM nv.refuse(format('Tên đăng nhập "%s" đã được dùng cho một tài khoản khác trên máy chủ (không phải của Nhiệm Vụ); hãy chọn tên khác.', p_login),
                              'insufficient_privilege');
        END IF;
        IF p_verifier IS NOT NULL THEN
            problem := nv.verifier_problem(p_verifier);
            IF problem IS NOT NULL THEN
                PERFORM nv.refuse(problem);
            END IF;
        END IF;
    END IF;
    SELECT login INTO previous FROM nv.people WHERE id = p_id;
    INSERT INTO nv.people (id, full_name, unit_id, role, title, login)
    VALUES (p_id, normalize(p_full_name, NFC), p_unit, p_role, coalesce(p_title, ''), p_login)
    ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, unit_id = excluded.unit_id,
        role = excluded.role, title = excluded.title, login = coalesce(excluded.login, nv.people.login);
    IF p_login IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM nv.logins WHERE login = p_login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT', p_login);
            INSERT INTO nv.logins (login, person_id) VALUES (p_login, p_id);
        END IF;
        PERFORM nv.configure_login(p_login);
        IF p_verifier IS NOT NULL THEN
            EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
        END IF;
        -- A renamed login: the old name may not log in any more.
        IF previous IS NOT NULL AND previous <> p_login THEN
            PERFORM nv.disable_login_role(previous, format('đổi tên thành %s', p_login));
        END IF;
    END IF;
    -- A person who moved to another unit or kind keeps none of the old rights.
    FOR old_role IN
        SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
        WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = coalesce(p_login, previous))
          AND (r.rolname IN (SELECT role_name FROM nv.units)
               OR r.rolname IN ('nhiemvu_office', 'nhiemvu_unit', 'nhiemvu_leader', 'nhiemvu_admin'))
          AND r.rolname NOT IN (unit_role, 'nhiemvu_' || p_role)
    LOOP
        EXECUTE format('REVOKE %I FROM %I', old_role, coalesce(p_login, previous));
    END LOOP;
    IF coalesce(p_login, previous) IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM nv.logins WHERE login = coalesce(p_login, previous) AND disabled_at IS NOT NULL) THEN
        EXECUTE format('GRANT %I TO %I', 'nhiemvu_' || p_role, coalesce(p_login, previous));
        EXECUTE format('GRANT %I TO %I', unit_role, coalesce(p_login, previous));
    END IF;
END
$$;

-- A unit of the directory: its kind one the core knows, its name within bounds.
CREATE OR REPLACE FUNCTION provision_unit(p_id uuid, p_parent uuid, p_name text, p_kind text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    r name := 'nhiemvu_u_' || replace(p_id::text, '-', '');
BEGIN
    IF NOT nv.is_enum('unit_kind', p_kind) THEN
        PERFORM nv.refuse(format('Loại đơn vị không hợp lệ: %s.', p_kind));
    END IF;
    IF p_name IS NULL OR btrim(p_name) = '' OR length(p_name) > 200 THEN
        PERFORM nv.refuse('Tên đơn vị không hợp lệ.');
    END IF;
    IF p_parent IS NOT NULL AND (p_parent = p_id OR NOT EXISTS (SELECT 1 FROM nv.units WHERE id = p_parent)) THEN
        PERFORM nv.refuse('Đơn vị cấp trên không có trong danh bạ.');
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT NOBYPASSRLS', r);
    END IF;
    INSERT INTO nv.units (id, parent_id, name, kind, role_name) VALUES (p_id, p_parent, normalize(p_name, NFC), p_kind, r)
    ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, kind = excluded.kind;
END
$$;

-- Disable one of the app's logins: it can no longer connect, its sessions end.
CREATE FUNCTION disable_login_role(p_login name, p_note text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    r name;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM nv.logins WHERE login = p_login) THEN
        PERFORM nv.refuse(format('"%s" không phải là tài khoản của Nhiệm Vụ.', p_login), 'insufficient_privilege');
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
        FOR r IN
            SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
            WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = p_login)
              AND (g.rolname IN (SELECT role_name FROM nv.units)
                   OR g.rolname IN ('nhiemvu_office', 'nhiemvu_unit', 'nhiemvu_leader', 'nhiemvu_admin'))
        LOOP
            EXECUTE format('REVOKE %I FROM %I', r, p_login);
        END LOOP;
        PERFORM nv.end_sessions(p_login);
    END IF;
    UPDATE nv.logins SET disabled_at = coalesce(disabled_at, now()), note = p_note WHERE login = p_login;
    INSERT INTO nv.security_log (what, subject, detail) VALUES ('login_disabled', p_login, p_note);
END
$$;

CREATE FUNCTION require_admin() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    IF nv.kind_of(session_user) IS DISTINCT FROM 'admin'
        AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        PERFORM nv.refuse('Chỉ quản trị viên mới được làm việc này.', 'insufficient_privilege');
    END IF;
END
$$;

CREATE FUNCTION disable_login(p_login name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    PERFORM nv.require_admin();
    IF p_login = session_user THEN
        PERFORM nv.refuse('Không tự khóa tài khoản đang dùng.');
    END IF;
    PERFORM nv.disable_login_role(p_login, 'khóa bởi ' || session_user);
END
$$;

CREATE FUNCTION enable_login(p_login name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    known record;
    p record;
BEGIN
    PERFORM nv.require_admin();
    SELECT * INTO known FROM nv.logins WHERE login = p_login;
    IF NOT FOUND THEN
        PERFORM nv.refuse(format('"%s" không phải là tài khoản của Nhiệm Vụ.', p_login), 'insufficient_privilege');
    END IF;
    IF known.removed_at IS NOT NULL THEN
        PERFORM nv.refuse(format('Tài khoản "%s" đã bị xóa.', p_login));
    END IF;
    SELECT people.login, people.role, units.role_name INTO p
    FROM nv.people JOIN nv.units ON units.id = people.unit_id WHERE people.id = known.person_id;
    IF p.login IS DISTINCT FROM p_login THEN
        PERFORM nv.refuse(format('Tài khoản "%s" đã được thay bằng "%s".', p_login, p.login));
    END IF;
    EXECUTE format('ALTER ROLE %I LOGIN', p_login);
    EXECUTE format('GRANT %I TO %I', 'nhiemvu_' || p.role, p_login);
    EXECUTE format('GRANT %I TO %I', p.role_name, p_login);
    UPDATE nv.logins SET disabled_at = NULL, note = 'mở lại bởi ' || session_user WHERE login = p_login;
    INSERT INTO nv.security_log (what, subject) VALUES ('login_enabled', p_login);
END
$$;

-- Remove a login: the person keeps their history (rows name the login), the role goes,
-- and the name is never given to anyone else.
CREATE FUNCTION remove_login(p_login name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    PERFORM nv.require_admin();
    IF p_login = session_user THEN
        PERFORM nv.refuse('Không tự xóa tài khoản đang dùng.');
    END IF;
    PERFORM nv.disable_login_role(p_login, 'xóa bởi ' || session_user);
    UPDATE nv.people SET login = NULL WHERE login = p_login;
    UPDATE nv.logins SET removed_at = now() WHERE login = p_login;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        EXECUTE format('DROP ROLE %I', p_login);
    END IF;
    INSERT INTO nv.security_log (what, subject) VALUES ('login_removed', p_login);
END
$$;

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
