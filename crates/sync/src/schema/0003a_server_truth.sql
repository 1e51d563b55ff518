-- Office database, version 3 (1 of 4): the server derives, the PC proposes.
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

RESET ROLE;
