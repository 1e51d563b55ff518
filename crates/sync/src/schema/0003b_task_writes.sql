-- Office database, version 3 (2 of 4): documents, tasks and their lifecycle, written only
-- by these functions (see 0003a_server_truth.sql for why).
SET LOCAL ROLE nhiemvu_owner;
SET LOCAL search_path = nv, pg_catalog;

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

RESET ROLE;
