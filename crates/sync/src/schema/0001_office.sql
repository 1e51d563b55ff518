-- Office database, version 1. Run by `nhiemvu office-db init` as a PostgreSQL superuser,
-- inside one transaction. Authorization lives here, not in the app: desktops connect
-- directly, each person with their own login, so nothing a client sends is trusted for
-- access control.
--
-- Roles: nhiemvu_owner owns every object (NOLOGIN; BYPASSRLS so that the few SECURITY
-- DEFINER helpers below can look across rows). The application roles nhiemvu_office,
-- nhiemvu_unit, nhiemvu_leader and nhiemvu_admin are NOLOGIN NOBYPASSRLS and own nothing;
-- each person's login is a member of one of them and of the role of their unit
-- (nhiemvu_u_<unit id>). Row-level security is FORCEd on every table.

CREATE SCHEMA nv AUTHORIZATION nhiemvu_owner;
SET LOCAL ROLE nhiemvu_owner;
SET LOCAL search_path = nv, pg_catalog;

CREATE TABLE meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);
-- The epoch names this copy of the data: a restored dump lands in a new database (new oid),
-- and clients compare (epoch, database oid, system identifier) to notice it.
INSERT INTO meta VALUES ('epoch', gen_random_uuid()::text);

CREATE TABLE units (
    id          uuid PRIMARY KEY,
    parent_id   uuid REFERENCES units(id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind        text NOT NULL,
    role_name   name NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
    id          uuid PRIMARY KEY,
    full_name   text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
    unit_id     uuid NOT NULL REFERENCES units(id),
    role        text NOT NULL CHECK (role IN ('office', 'unit', 'leader', 'admin')),
    title       text NOT NULL DEFAULT '',
    login       name UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
    id                 uuid PRIMARY KEY,
    kind               text NOT NULL,
    number             text NOT NULL,
    symbol             text NOT NULL,
    issued_on          date NOT NULL,
    summary            text NOT NULL,
    signer_name        text NOT NULL,
    signer_title       text NOT NULL,
    issuer             text NOT NULL,
    submitting_agency  text,
    director           text,
    drafter            text,
    urgency            text NOT NULL,
    origin             text NOT NULL,
    entered_at         timestamptz NOT NULL,
    entered_by         uuid REFERENCES people(id),
    entered_unit_id    uuid REFERENCES units(id),
    entered_late       boolean NOT NULL DEFAULT false,
    entered_login      name NOT NULL DEFAULT current_user,
    version            bigint NOT NULL DEFAULT 1
);

-- Files, content-addressed: the address is checked against the bytes.
CREATE TABLE blobs (
    sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size        bigint NOT NULL CHECK (size BETWEEN 0 AND 52428800),
    content     bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (octet_length(content) = size),
    CHECK (encode(sha256(content), 'hex') = sha256)
);

-- Who sent which file's bytes (each login proves possession once per content).
CREATE TABLE blob_uploads (
    sha256  text NOT NULL REFERENCES blobs(sha256),
    login   name NOT NULL,
    PRIMARY KEY (sha256, login)
);

CREATE TABLE document_attachments (
    document_id uuid NOT NULL REFERENCES documents(id),
    sha256      text NOT NULL REFERENCES blobs(sha256),
    file_name   text NOT NULL,
    PRIMARY KEY (document_id, sha256)
);

CREATE TABLE tasks (
    id                      uuid PRIMARY KEY,
    document_id             uuid NOT NULL REFERENCES documents(id),
    description             text NOT NULL,
    follow_up_content       text NOT NULL DEFAULT '',
    lead_unit_id            uuid NOT NULL REFERENCES units(id),
    follow_up_officer_id    uuid REFERENCES people(id),
    director                text,
    direction_notes         text NOT NULL DEFAULT '',
    original_deadline       date,
    deadline                date,
    extended_at             timestamptz,
    must_report             boolean NOT NULL,
    origin                  text NOT NULL,
    classification          text NOT NULL,
    state                   text NOT NULL CHECK (state IN ('assigned', 'returned', 'in_progress', 'submitted', 'done', 'cancelled')),
    assigned_at             timestamptz NOT NULL,
    accepted_at             timestamptz,
    completed_submitted_at  timestamptz,
    completed_reviewed_at   timestamptz,
    pending_submitted_at    timestamptz,
    cancelled_at            timestamptz,
    rejection_count         bigint NOT NULL DEFAULT 0,
    last_progress_at        timestamptz,
    extension_requested_at  timestamptz,
    version                 bigint NOT NULL DEFAULT 1,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    updated_by              name NOT NULL DEFAULT current_user
);
CREATE INDEX tasks_lead ON tasks(lead_unit_id);
CREATE INDEX tasks_document ON tasks(document_id);

CREATE TABLE task_coordinators (
    task_id     uuid NOT NULL REFERENCES tasks(id),
    unit_id     uuid NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_coordinators_unit ON task_coordinators(unit_id);

CREATE TABLE task_events (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id            uuid NOT NULL REFERENCES tasks(id),
    at                 timestamptz NOT NULL,
    actor_id           uuid REFERENCES people(id),
    actor_name         text,
    actor_login        name NOT NULL DEFAULT current_user,
    unit_id            uuid,
    kind               text NOT NULL,
    late               boolean,
    payload            jsonb NOT NULL,
    attachment_sha256  text REFERENCES blobs(sha256),
    mutation_id        uuid
);
CREATE INDEX task_events_task ON task_events(task_id, at);
CREATE INDEX task_events_attachment ON task_events(attachment_sha256) WHERE attachment_sha256 IS NOT NULL;

-- Every mutation a client sent, with the server's decision: a mutation id is applied once.
CREATE TABLE mutations (
    id          uuid PRIMARY KEY,
    author      name NOT NULL DEFAULT current_user,
    name        text NOT NULL,
    entity_id   uuid,
    outcome     text NOT NULL CHECK (outcome IN ('applied', 'rejected')),
    reason      text,
    decided_at  timestamptz NOT NULL DEFAULT now()
);

-- Concurrent edits of one field: the later commit wins, both values are kept here for
-- both people to see and settle.
CREATE TABLE conflicts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id         uuid NOT NULL REFERENCES tasks(id),
    field           text NOT NULL,
    overwritten     jsonb,
    kept            jsonb,
    overwritten_by  name NOT NULL,
    kept_by         name NOT NULL DEFAULT current_user,
    mutation_id     uuid NOT NULL,
    at              timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    resolved_by     name,
    resolution      text
);

-- The change log clients pull. `xid` is the writing transaction: a client reads only
-- below pg_snapshot_xmin of its snapshot, where every transaction has finished, in
-- (xid, seq) order, so a transaction that commits late is never jumped over.
CREATE TABLE change_log (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    entity     text NOT NULL CHECK (entity IN ('task', 'document', 'directory')),
    entity_id  uuid,
    units      uuid[]
);
CREATE INDEX change_log_cursor ON change_log(xid, seq);

-- The lifecycle of DOMAIN.md §3 as the pairs of states each kind of person may move a task
-- between (the same table as nhiemvu_core::lifecycle).
CREATE TABLE transitions (
    actor_kind  text NOT NULL,
    from_state  text NOT NULL,
    to_state    text NOT NULL,
    PRIMARY KEY (actor_kind, from_state, to_state)
);
INSERT INTO transitions VALUES
    ('unit', 'assigned', 'in_progress'), ('unit', 'assigned', 'returned'),
    ('unit', 'assigned', 'assigned'), ('unit', 'in_progress', 'in_progress'),
    ('unit', 'in_progress', 'submitted'),
    ('office', 'assigned', 'assigned'), ('office', 'returned', 'assigned'),
    ('office', 'returned', 'returned'), ('office', 'in_progress', 'in_progress'),
    ('office', 'submitted', 'submitted'), ('office', 'submitted', 'done'),
    ('office', 'submitted', 'in_progress'),
    ('office', 'assigned', 'cancelled'), ('office', 'returned', 'cancelled'),
    ('office', 'in_progress', 'cancelled'), ('office', 'submitted', 'cancelled');
INSERT INTO transitions SELECT DISTINCT 'admin', from_state, to_state FROM transitions;

-- Who is asking. These read the role catalog and the directory for the login passed in
-- (policies pass current_user), and are SECURITY DEFINER so they can be called from
-- policies without recursion.
-- Only a person's own login counts: a login that SET ROLEs to a group role (nhiemvu_office,
-- a unit's role) is nobody, reads nothing and writes nothing.
-- PL/pgSQL rather than SQL: the policies call these several times per statement, and
-- PL/pgSQL keeps their plans for the session where SQL functions are planned every time.
CREATE FUNCTION kind_of(who name) RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM nv.people WHERE login = who) THEN
        RETURN NULL;
    END IF;
    RETURN CASE
        WHEN pg_has_role(who, 'nhiemvu_admin', 'MEMBER') THEN 'admin'
        WHEN pg_has_role(who, 'nhiemvu_office', 'MEMBER') THEN 'office'
        WHEN pg_has_role(who, 'nhiemvu_leader', 'MEMBER') THEN 'leader'
        WHEN pg_has_role(who, 'nhiemvu_unit', 'MEMBER') THEN 'unit'
    END;
END
$$;

CREATE FUNCTION sees_all(who name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    RETURN coalesce(nv.kind_of(who) IN ('admin', 'office', 'leader'), false);
END
$$;

CREATE FUNCTION writes_office(who name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    RETURN coalesce(nv.kind_of(who) IN ('admin', 'office'), false);
END
$$;

-- The person's unit, when their login holds that unit's role (provisioning grants both
-- together). One index lookup and one membership check: the policies call this several
-- times per statement.
CREATE FUNCTION unit_ids_of(who name) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    ids uuid[];
BEGIN
    SELECT coalesce(array_agg(u.id), '{}') INTO ids
    FROM nv.people p JOIN nv.units u ON u.id = p.unit_id
    WHERE p.login = who AND pg_has_role(who, u.role_name, 'MEMBER');
    RETURN ids;
END
$$;

-- Whether `who` may change a task led by `lead`: the office and the admin any task, a
-- unit the tasks it leads. Called once per row by the UPDATE policy (an update touches
-- one task), instead of a sub-select per helper per policy expression.
CREATE FUNCTION may_write_task(lead uuid, who name) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    k text := nv.kind_of(who);
BEGIN
    RETURN coalesce(k IN ('admin', 'office') OR (k = 'unit' AND lead = ANY (nv.unit_ids_of(who))), false);
END
$$;

CREATE FUNCTION person_id_of(who name) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT id FROM nv.people WHERE login = who
$$;

CREATE FUNCTION person_name_of(who name) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT full_name FROM nv.people WHERE login = who
$$;

-- A file may be attached only by a login that sent its bytes (put_blob): knowing a file's
-- address is not enough to reach its content.
CREATE FUNCTION may_attach(sha text, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT sha IS NULL OR EXISTS (SELECT 1 FROM nv.blob_uploads WHERE sha256 = sha AND login = who)
$$;

CREATE FUNCTION task_lead_in(task uuid, unit_ids uuid[]) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM nv.tasks WHERE id = task AND lead_unit_id = ANY (unit_ids));
END
$$;

CREATE FUNCTION task_units(task uuid) RETURNS uuid[]
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    RETURN (SELECT array_agg(u) FROM (
        SELECT lead_unit_id AS u FROM nv.tasks WHERE id = task
        UNION SELECT unit_id FROM nv.task_coordinators WHERE task_id = task) s);
END
$$;

-- The state machine, enforced whoever writes: a version step of exactly one, a move the
-- writer's kind may make, and the task's document never changes.
CREATE FUNCTION tasks_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = nv, pg_catalog AS $$
DECLARE
    k text := nv.kind_of(current_user);
BEGIN
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
        IF k IS NULL OR NOT EXISTS (SELECT 1 FROM nv.transitions t
                WHERE t.actor_kind = k AND t.from_state = OLD.state AND t.to_state = NEW.state) THEN
            RAISE EXCEPTION 'Không được chuyển nhiệm vụ từ trạng thái "%" sang "%".', OLD.state, NEW.state
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF NEW.accepted_at > now() + interval '5 minutes'
        OR NEW.pending_submitted_at > now() + interval '5 minutes'
        OR NEW.completed_reviewed_at > now() + interval '5 minutes'
        OR NEW.cancelled_at > now() + interval '5 minutes' THEN
        RAISE EXCEPTION 'Thời điểm ghi nhận không được ở tương lai.' USING ERRCODE = 'check_violation';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := current_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER tasks_guard BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_guard();

-- Change log entries, written with the owner's rights so clients need no grant on it.
CREATE FUNCTION log_task_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    t uuid;
    extra uuid[];
BEGIN
    IF TG_TABLE_NAME = 'tasks' THEN
        t := NEW.id;
        extra := CASE WHEN TG_OP = 'UPDATE' THEN ARRAY[OLD.lead_unit_id] ELSE '{}' END;
    ELSIF TG_OP = 'DELETE' THEN
        t := OLD.task_id;
        extra := ARRAY[OLD.unit_id];
    ELSE
        t := NEW.task_id;
        extra := '{}';
    END IF;
    INSERT INTO nv.change_log (entity, entity_id, units)
    VALUES ('task', t, coalesce(nv.task_units(t), '{}') || extra);
    RETURN NULL;
END
$$;
CREATE TRIGGER tasks_log AFTER INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION log_task_change();
CREATE TRIGGER task_coordinators_log AFTER INSERT OR DELETE ON task_coordinators FOR EACH ROW EXECUTE FUNCTION log_task_change();

CREATE FUNCTION log_document_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    INSERT INTO nv.change_log (entity, entity_id, units)
    VALUES ('document', NEW.id, (SELECT coalesce(array_agg(DISTINCT lead_unit_id), '{}') FROM nv.tasks WHERE document_id = NEW.id));
    RETURN NULL;
END
$$;
CREATE TRIGGER documents_log AFTER INSERT OR UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION log_document_change();

CREATE FUNCTION log_directory_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    INSERT INTO nv.change_log (entity, entity_id, units) VALUES ('directory', NULL, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER units_log AFTER INSERT OR UPDATE ON units FOR EACH STATEMENT EXECUTE FUNCTION log_directory_change();
CREATE TRIGGER people_log AFTER INSERT OR UPDATE ON people FOR EACH STATEMENT EXECUTE FUNCTION log_directory_change();

-- A nudge for listening clients; they poll as well.
CREATE FUNCTION notify_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    PERFORM pg_notify('nhiemvu_changes', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER change_log_notify AFTER INSERT ON change_log FOR EACH STATEMENT EXECUTE FUNCTION notify_change();

-- Row-level security, FORCEd so that even the owner's ordinary statements obey it.
ALTER TABLE meta ENABLE ROW LEVEL SECURITY;
ALTER TABLE meta FORCE ROW LEVEL SECURITY;
CREATE POLICY meta_read ON meta FOR SELECT USING (true);

ALTER TABLE units ENABLE ROW LEVEL SECURITY;
ALTER TABLE units FORCE ROW LEVEL SECURITY;
CREATE POLICY units_read ON units FOR SELECT USING (true);

ALTER TABLE people ENABLE ROW LEVEL SECURITY;
ALTER TABLE people FORCE ROW LEVEL SECURITY;
CREATE POLICY people_read ON people FOR SELECT USING (true);

ALTER TABLE transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE transitions FORCE ROW LEVEL SECURITY;
CREATE POLICY transitions_read ON transitions FOR SELECT USING (true);

ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tasks_read ON tasks FOR SELECT USING (
    (SELECT nv.sees_all(current_user))
    OR lead_unit_id = ANY ((SELECT nv.unit_ids_of(current_user))::uuid[])
    OR EXISTS (SELECT 1 FROM nv.task_coordinators c WHERE c.task_id = tasks.id
               AND c.unit_id = ANY ((SELECT nv.unit_ids_of(current_user))::uuid[])));
CREATE POLICY tasks_assign ON tasks FOR INSERT WITH CHECK ((SELECT nv.writes_office(current_user)));
CREATE POLICY tasks_update ON tasks FOR UPDATE
    USING (nv.may_write_task(lead_unit_id, current_user))
    WITH CHECK (nv.may_write_task(lead_unit_id, current_user));

ALTER TABLE task_coordinators ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_coordinators FORCE ROW LEVEL SECURITY;
CREATE POLICY task_coordinators_read ON task_coordinators FOR SELECT USING (
    (SELECT nv.sees_all(current_user))
    OR unit_id = ANY ((SELECT nv.unit_ids_of(current_user))::uuid[])
    OR nv.task_lead_in(task_id, (SELECT nv.unit_ids_of(current_user))));
CREATE POLICY task_coordinators_write ON task_coordinators FOR INSERT WITH CHECK ((SELECT nv.writes_office(current_user)));
CREATE POLICY task_coordinators_remove ON task_coordinators FOR DELETE USING ((SELECT nv.writes_office(current_user)));

ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY documents_read ON documents FOR SELECT USING (
    (SELECT nv.sees_all(current_user))
    OR EXISTS (SELECT 1 FROM nv.tasks t WHERE t.document_id = documents.id));
CREATE POLICY documents_register ON documents FOR INSERT WITH CHECK (
    (SELECT nv.writes_office(current_user))
    AND entered_login = current_user
    AND entered_by IS NOT DISTINCT FROM nv.person_id_of(current_user));

ALTER TABLE blob_uploads ENABLE ROW LEVEL SECURITY;
ALTER TABLE blob_uploads FORCE ROW LEVEL SECURITY;
CREATE POLICY blob_uploads_own ON blob_uploads FOR SELECT USING (login = current_user);

ALTER TABLE document_attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE document_attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY document_attachments_read ON document_attachments FOR SELECT USING (
    EXISTS (SELECT 1 FROM nv.documents d WHERE d.id = document_id));
CREATE POLICY document_attachments_write ON document_attachments FOR INSERT WITH CHECK (
    (SELECT nv.writes_office(current_user)) AND nv.may_attach(sha256, current_user));

ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE blobs FORCE ROW LEVEL SECURITY;
CREATE POLICY blobs_read ON blobs FOR SELECT USING (
    EXISTS (SELECT 1 FROM nv.document_attachments a WHERE a.sha256 = blobs.sha256)
    OR EXISTS (SELECT 1 FROM nv.task_events e WHERE e.attachment_sha256 = blobs.sha256));
-- Uploads go through put_blob (below): a file someone else already uploaded is not
-- visible to the uploader until a document or report of theirs refers to it.

ALTER TABLE task_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE task_events FORCE ROW LEVEL SECURITY;
CREATE POLICY task_events_read ON task_events FOR SELECT USING (
    EXISTS (SELECT 1 FROM nv.tasks t WHERE t.id = task_id));
CREATE POLICY task_events_write ON task_events FOR INSERT WITH CHECK (
    actor_login = current_user
    AND actor_id IS NOT DISTINCT FROM nv.person_id_of(current_user)
    AND actor_name IS NOT DISTINCT FROM nv.person_name_of(current_user)
    AND nv.may_attach(attachment_sha256, current_user)
    AND ((SELECT nv.writes_office(current_user))
         OR (nv.kind_of(current_user) = 'unit' AND nv.task_lead_in(task_id, (SELECT nv.unit_ids_of(current_user))))));

ALTER TABLE mutations ENABLE ROW LEVEL SECURITY;
ALTER TABLE mutations FORCE ROW LEVEL SECURITY;
CREATE POLICY mutations_own ON mutations FOR SELECT USING (author = current_user);
CREATE POLICY mutations_record ON mutations FOR INSERT WITH CHECK (author = current_user);

ALTER TABLE conflicts ENABLE ROW LEVEL SECURITY;
ALTER TABLE conflicts FORCE ROW LEVEL SECURITY;
CREATE POLICY conflicts_read ON conflicts FOR SELECT USING (
    kept_by = current_user OR overwritten_by = current_user OR (SELECT nv.writes_office(current_user)));
CREATE POLICY conflicts_record ON conflicts FOR INSERT WITH CHECK (kept_by = current_user);
CREATE POLICY conflicts_resolve ON conflicts FOR UPDATE
    USING (kept_by = current_user OR overwritten_by = current_user)
    WITH CHECK (resolved_by = current_user);

ALTER TABLE change_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_log FORCE ROW LEVEL SECURITY;
CREATE POLICY change_log_read ON change_log FOR SELECT USING (
    units IS NULL
    OR (SELECT nv.sees_all(current_user))
    OR units && (SELECT nv.unit_ids_of(current_user)));

-- Grants: reading for everyone, writing by column for what each kind owns. Office and
-- admin own assignment and review fields; units own acceptance, progress and results;
-- leaders only read.
REVOKE ALL ON SCHEMA nv FROM PUBLIC;
GRANT USAGE ON SCHEMA nv TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA nv FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kind_of(name), sees_all(name), writes_office(name), unit_ids_of(name),
    may_write_task(uuid, name), person_id_of(name), person_name_of(name), may_attach(text, name), task_lead_in(uuid, uuid[]), task_units(uuid)
    TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
GRANT SELECT ON meta, units, people, transitions, documents, document_attachments, blobs, blob_uploads, tasks,
    task_coordinators, task_events, mutations, conflicts, change_log
    TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
GRANT INSERT ON documents, document_attachments, tasks, task_coordinators TO nhiemvu_office, nhiemvu_admin;
GRANT DELETE ON task_coordinators TO nhiemvu_office, nhiemvu_admin;
GRANT UPDATE (state, version, lead_unit_id, deadline, original_deadline, classification, accepted_at,
    completed_submitted_at, completed_reviewed_at, pending_submitted_at, cancelled_at, rejection_count,
    extended_at, extension_requested_at, updated_at, updated_by)
    ON tasks TO nhiemvu_office, nhiemvu_admin;
GRANT UPDATE (state, version, accepted_at, pending_submitted_at, last_progress_at,
    extension_requested_at, updated_at, updated_by)
    ON tasks TO nhiemvu_unit;
GRANT INSERT ON task_events, mutations, conflicts TO nhiemvu_office, nhiemvu_unit, nhiemvu_admin;
GRANT UPDATE (resolved_at, resolved_by, resolution) ON conflicts TO nhiemvu_office, nhiemvu_unit, nhiemvu_admin;

-- Upload a file once per content. The table's checks (address = SHA-256 of the bytes,
-- size limit) hold here too.
CREATE FUNCTION put_blob(p_sha256 text, p_content bytea) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    IF encode(sha256(p_content), 'hex') IS DISTINCT FROM p_sha256 THEN
        RAISE EXCEPTION 'Nội dung tệp không khớp mã SHA-256 của nó.' USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO nv.blobs (sha256, size, content) VALUES (p_sha256, octet_length(p_content), p_content)
    ON CONFLICT (sha256) DO NOTHING;
    INSERT INTO nv.blob_uploads (sha256, login) VALUES (p_sha256, session_user)
    ON CONFLICT DO NOTHING;
END
$$;
-- Whether this login already sent a content (so the bytes are not sent twice).
CREATE FUNCTION has_blob(p_sha256 text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
    SELECT EXISTS (SELECT 1 FROM nv.blob_uploads WHERE sha256 = p_sha256 AND login = session_user)
$$;
REVOKE ALL ON FUNCTION put_blob(text, bytea), has_blob(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION put_blob(text, bytea), has_blob(text) TO nhiemvu_office, nhiemvu_unit, nhiemvu_admin;

-- Provisioning (the admin screen and `nhiemvu office-db add-unit|add-person`): a unit gets
-- its role, a person a login in their kind's role and their unit's role. The password
-- arrives as a SCRAM-SHA-256 verifier computed on the admin's PC, never in plain text.
CREATE FUNCTION provision_unit(p_id uuid, p_parent uuid, p_name text, p_kind text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    r name := 'nhiemvu_u_' || replace(p_id::text, '-', '');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT NOBYPASSRLS', r);
    END IF;
    INSERT INTO nv.units (id, parent_id, name, kind, role_name) VALUES (p_id, p_parent, p_name, p_kind, r)
    ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, kind = excluded.kind;
END
$$;

CREATE FUNCTION provision_person(p_id uuid, p_full_name text, p_unit uuid, p_role text, p_title text,
                                 p_login name, p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    unit_role name;
    old_role name;
BEGIN
    SELECT role_name INTO unit_role FROM nv.units WHERE id = p_unit;
    IF unit_role IS NULL THEN
        RAISE EXCEPTION 'Không tìm thấy đơn vị %.', p_unit USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF p_role NOT IN ('office', 'unit', 'leader', 'admin') THEN
        RAISE EXCEPTION 'Vai trò không hợp lệ: %.', p_role USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO nv.people (id, full_name, unit_id, role, title, login)
    VALUES (p_id, p_full_name, p_unit, p_role, p_title, p_login)
    ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, unit_id = excluded.unit_id,
        role = excluded.role, title = excluded.title, login = coalesce(excluded.login, nv.people.login);
    IF p_login IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT', p_login);
        END IF;
        IF p_verifier IS NOT NULL THEN
            IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
                RAISE EXCEPTION 'Mật khẩu phải được gửi dưới dạng SCRAM-SHA-256.' USING ERRCODE = 'check_violation';
            END IF;
            EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
        END IF;
        -- A person who moved to another unit or kind keeps none of the old rights.
        FOR old_role IN
            SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
            WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = p_login)
              AND (r.rolname IN (SELECT role_name FROM nv.units)
                   OR r.rolname IN ('nhiemvu_office', 'nhiemvu_unit', 'nhiemvu_leader', 'nhiemvu_admin'))
              AND r.rolname NOT IN (unit_role, 'nhiemvu_' || p_role)
        LOOP
            EXECUTE format('REVOKE %I FROM %I', old_role, p_login);
        END LOOP;
        EXECUTE format('GRANT %I TO %I', 'nhiemvu_' || p_role, p_login);
        EXECUTE format('GRANT %I TO %I', unit_role, p_login);
    END IF;
END
$$;

-- A person changes their own password (a verifier, as above).
CREATE FUNCTION set_my_password(p_verifier text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    IF nv.person_id_of(session_user) IS NULL THEN
        RAISE EXCEPTION 'Tài khoản này không phải của một cán bộ trong danh bạ.' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
        RAISE EXCEPTION 'Mật khẩu phải được gửi dưới dạng SCRAM-SHA-256.' USING ERRCODE = 'check_violation';
    END IF;
    EXECUTE format('ALTER ROLE %I PASSWORD %L', session_user, p_verifier);
END
$$;
REVOKE ALL ON FUNCTION provision_unit(uuid, uuid, text, text), provision_person(uuid, text, uuid, text, text, name, text),
    set_my_password(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provision_unit(uuid, uuid, text, text), provision_person(uuid, text, uuid, text, text, name, text)
    TO nhiemvu_admin;
GRANT EXECUTE ON FUNCTION set_my_password(text) TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;

RESET ROLE;
