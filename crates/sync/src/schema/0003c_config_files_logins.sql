-- Office database, version 3 (3 of 4): the shared configuration, conflicts, files, passwords
-- and the app's own logins.
SET LOCAL ROLE nhiemvu_owner;
SET LOCAL search_path = nv, pg_catalog;

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

RESET ROLE;
