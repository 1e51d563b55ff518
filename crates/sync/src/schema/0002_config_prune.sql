-- Office database, version 2: the office's configuration shared by every PC, and a change
-- log that can be pruned.
SET LOCAL ROLE nhiemvu_owner;
SET LOCAL search_path = nv, pg_catalog;

-- Cấu hình: 'settings' holds the province's settings (names for reports, "sắp đến hạn",
-- tracked classes), 'calendar' the whole table of extra days off and make-up working days.
-- One value each, replaced whole: every PC then counts deadlines on the same days.
CREATE TABLE settings (
    key         text PRIMARY KEY CHECK (key IN ('settings', 'calendar')),
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  name NOT NULL DEFAULT current_user,
    CHECK (jsonb_typeof(value) = CASE key WHEN 'settings' THEN 'object' ELSE 'array' END)
);

-- Who changed it and when, whatever the client sends.
CREATE FUNCTION settings_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = nv, pg_catalog AS $$
BEGIN
    NEW.updated_at := now();
    NEW.updated_by := current_user;
    RETURN NEW;
END
$$;
CREATE TRIGGER settings_stamp BEFORE INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE FUNCTION settings_stamp();

ALTER TABLE change_log DROP CONSTRAINT change_log_entity_check;
ALTER TABLE change_log ADD CONSTRAINT change_log_entity_check
    CHECK (entity IN ('task', 'document', 'directory', 'config'));
-- When the row was written, for pruning.
ALTER TABLE change_log ADD COLUMN at timestamptz NOT NULL DEFAULT clock_timestamp();

CREATE FUNCTION log_config_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
BEGIN
    INSERT INTO nv.change_log (entity, entity_id, units) VALUES ('config', NULL, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER settings_log AFTER INSERT OR UPDATE OR DELETE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION log_config_change();

ALTER TABLE settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE settings FORCE ROW LEVEL SECURITY;
CREATE POLICY settings_read ON settings FOR SELECT USING (true);
CREATE POLICY settings_write ON settings FOR INSERT WITH CHECK ((SELECT nv.writes_office(current_user)));
CREATE POLICY settings_change ON settings FOR UPDATE
    USING ((SELECT nv.writes_office(current_user)))
    WITH CHECK ((SELECT nv.writes_office(current_user)));

GRANT SELECT ON settings TO nhiemvu_office, nhiemvu_unit, nhiemvu_leader, nhiemvu_admin;
GRANT INSERT (key, value), UPDATE (value) ON settings TO nhiemvu_office, nhiemvu_admin;

-- Pruning the change log. A PC reads it from its cursor; one that has not pulled for 60
-- days downloads its whole scope instead, and one whose cursor lies below the recorded
-- floor does too. So rows older than a period longer than that (and below the snapshot
-- horizon, where no transaction is still open) can go.
CREATE FUNCTION prune_change_log(p_keep interval) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = nv, pg_catalog AS $$
DECLARE
    n bigint;
    top_xid xid8;
    top_seq bigint;
    old text;
BEGIN
    IF p_keep < interval '61 days' THEN
        RAISE EXCEPTION 'Nhật ký thay đổi phải được giữ lâu hơn 60 ngày.' USING ERRCODE = 'check_violation';
    END IF;
    WITH gone AS (
        DELETE FROM nv.change_log
        WHERE at < now() - p_keep AND xid < pg_snapshot_xmin(pg_current_snapshot())
        RETURNING xid, seq
    )
    SELECT count(*), (array_agg(xid ORDER BY xid DESC, seq DESC))[1],
           (array_agg(seq ORDER BY xid DESC, seq DESC))[1]
    INTO n, top_xid, top_seq FROM gone;
    IF n > 0 THEN
        -- The floor: the last position pruned. A cursor below it may have missed a row.
        SELECT value INTO old FROM nv.meta WHERE key = 'change_log_floor';
        IF old IS NULL OR (split_part(old, ':', 1)::xid8, split_part(old, ':', 2)::bigint) < (top_xid, top_seq) THEN
            INSERT INTO nv.meta (key, value) VALUES ('change_log_floor', top_xid::text || ':' || top_seq::text)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        END IF;
    END IF;
    RETURN n;
END
$$;
REVOKE ALL ON FUNCTION prune_change_log(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION prune_change_log(interval) TO nhiemvu_admin;

RESET ROLE;
