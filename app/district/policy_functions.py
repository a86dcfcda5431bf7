"""The SQL functions the district's row-level policies call, and the checks made at commit.

They are the policies' vocabulary (`app.district.policies` makes them, and the policies that
use them): who the connection's login is in the grants, and whether an assessment's own record
and the evidence content stored under a hash agree with their rows. Each pins its search path
and names its tables in full, so no object of a person's making can stand in for ours.
"""

from __future__ import annotations

# The functions the policies call. Grants are read with the caller's own rights (they read only
# their own, see `app.district.policies`); `content_linked` must see every school's links, so it
# runs as the owner. Parameters are named apart from every column.
FUNCTIONS = (
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_can_see(of_school integer)
    RETURNS boolean LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT EXISTS (
            SELECT 1 FROM public.grants g JOIN public.people p ON p.id = g.person_id
            WHERE p.login = current_user
              AND (g.role IN ('dpo', 'auditor')
                   OR (g.role = 'coordinator' AND g.school_id = of_school))
        )
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_can_change(of_school integer)
    RETURNS boolean LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT EXISTS (
            SELECT 1 FROM public.grants g JOIN public.people p ON p.id = g.person_id
            WHERE p.login = current_user
              AND (g.role = 'dpo' OR (g.role = 'coordinator' AND g.school_id = of_school))
        )
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_is_dpo()
    RETURNS boolean LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT EXISTS (
            SELECT 1 FROM public.grants g JOIN public.people p ON p.id = g.person_id
            WHERE p.login = current_user AND g.role = 'dpo'
        )
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_can_change_some()
    RETURNS boolean LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT EXISTS (
            SELECT 1 FROM public.grants g JOIN public.people p ON p.id = g.person_id
            WHERE p.login = current_user AND g.role IN ('dpo', 'coordinator')
        )
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_own_school()
    RETURNS integer LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT CASE WHEN count(*) = 1 THEN min(g.school_id) END
        FROM public.grants g JOIN public.people p ON p.id = g.person_id
        WHERE p.login = current_user AND g.role = 'coordinator'
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_content_linked(content_hash text)
    RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT EXISTS (SELECT 1 FROM public.evidence e WHERE e.blob_sha256 = content_hash)
    $$
    """,
    # A coordinator's new assessment belongs to their school (the services know no schools):
    # without it, the insert would be refused as belonging to none.
    # Content stored under a hash (not a temporary key) is that content, checked at commit once
    # per content (with its last piece): pieces 0 to n-1, hashing to it. The register's size
    # is set from it, so a size claimed in advance is not what others read. Owner's rights, to
    # see every school's pieces.
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_check_content()
    RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        pieces bigint;
        first_seq integer;
        last_seq integer;
        total bigint;
        digest text;
    BEGIN
        IF NEW.sha256 !~ '^[0-9a-f]{64}$' THEN
            RETURN NULL;
        END IF;
        SELECT count(*), min(c.seq), max(c.seq), coalesce(sum(octet_length(c.data)), 0)
        INTO pieces, first_seq, last_seq, total
        FROM public.evidence_chunks c WHERE c.sha256 = NEW.sha256;
        IF pieces = 0 THEN
            RETURN NULL;
        END IF;
        IF first_seq <> 0 OR last_seq <> pieces - 1 THEN
            RAISE EXCEPTION 'evidence content % is not whole: its pieces are not 0 to %',
                NEW.sha256, pieces - 1 USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.seq <> last_seq THEN
            RETURN NULL;
        END IF;
        SELECT encode(sha256(string_agg(c.data, ''::bytea ORDER BY c.seq)), 'hex') INTO digest
        FROM public.evidence_chunks c WHERE c.sha256 = NEW.sha256;
        IF digest <> NEW.sha256 THEN
            RAISE EXCEPTION 'evidence content stored under % is other content', NEW.sha256
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE public.evidence_blobs b SET size = total
        WHERE b.sha256 = NEW.sha256 AND b.size IS DISTINCT FROM total;
        RETURN NULL;
    END
    $$
    """,
    # A register entry of content already stored takes the content's size.
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_check_blob()
    RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        total bigint;
    BEGIN
        SELECT sum(octet_length(c.data)) INTO total
        FROM public.evidence_chunks c WHERE c.sha256 = NEW.sha256;
        IF total IS NOT NULL THEN
            UPDATE public.evidence_blobs b SET size = total
            WHERE b.sha256 = NEW.sha256 AND b.size IS DISTINCT FROM total;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # At commit, an assessment's own record of itself agrees with its rows: signed off exactly
    # when it has a sign-off not voided, and its trail's head is its newest event (hashes
    # aren't recomputed here: `history --verify` does that). Without it, a hand-written UPDATE
    # could show a draft as signed off, or set the head back to cut the trail. Owner's rights,
    # to see every row whoever changed the assessment.
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_check_assessment()
    RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        target text;
        row_status text;
        head_seq integer;
        head_hash text;
        live boolean;
        newest integer;
        newest_hash text;
    BEGIN
        IF TG_TABLE_NAME = 'assessments' THEN
            target := NEW.id;
        ELSE
            target := NEW.assessment_id;
        END IF;
        SELECT a.status, a.audit_seq, a.audit_head INTO row_status, head_seq, head_hash
        FROM public.assessments a WHERE a.id = target;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
        IF row_status NOT IN ('draft', 'signed') THEN
            RAISE EXCEPTION 'assessment % is marked %, which is no status', target, row_status
                USING ERRCODE = 'check_violation';
        END IF;
        live := EXISTS (
            SELECT 1 FROM public.signoffs s WHERE s.assessment_id = target AND s.voided_at IS NULL
        );
        IF (row_status = 'signed') IS DISTINCT FROM live THEN
            RAISE EXCEPTION 'assessment % is marked %, but % sign-off in force', target,
                row_status, CASE WHEN live THEN 'has a' ELSE 'has no' END
                USING ERRCODE = 'check_violation';
        END IF;
        IF TG_TABLE_NAME = 'audit_events' THEN
            -- An event added follows the one before it: the next number, chained to its hash
            -- (the first to app.audit_chain.GENESIS_HASH, 64 zeros).
            IF NEW.seq < 1 OR NEW.prev_hash IS DISTINCT FROM coalesce(
                (SELECT e.hash FROM public.audit_events e
                 WHERE e.assessment_id = target AND e.seq = NEW.seq - 1),
                CASE WHEN NEW.seq = 1 THEN repeat('0', 64) END
            ) THEN
                RAISE EXCEPTION 'event % of assessment % does not follow the event before it',
                    NEW.seq, target USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        SELECT e.seq, e.hash INTO newest, newest_hash FROM public.audit_events e
        WHERE e.assessment_id = target ORDER BY e.seq DESC LIMIT 1;
        IF coalesce(newest, 0) <> head_seq
           OR (newest IS NOT NULL AND newest_hash IS DISTINCT FROM head_hash) THEN
            RAISE EXCEPTION 'assessment % names event % as its newest, but its trail ends at %',
                target, head_seq, coalesce(newest, 0) USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION public.compliance_desk_school_by_default()
    RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF NEW.school_id IS NULL THEN
            NEW.school_id := public.compliance_desk_own_school();
        END IF;
        RETURN NEW;
    END
    $$
    """,
)
FUNCTION_SIGNATURES = (
    "public.compliance_desk_can_see(integer)",
    "public.compliance_desk_can_change(integer)",
    "public.compliance_desk_is_dpo()",
    "public.compliance_desk_can_change_some()",
    "public.compliance_desk_own_school()",
    "public.compliance_desk_content_linked(text)",
    "public.compliance_desk_school_by_default()",
    "public.compliance_desk_check_content()",
    "public.compliance_desk_check_blob()",
    "public.compliance_desk_check_assessment()",
)
# The checks at commit: (trigger, table, the changes it follows, function).
_INSERT = "INSERT"
_INSERT_OR_UPDATE = "INSERT OR UPDATE"
_AGREES = "compliance_desk_check_assessment"
COMMIT_CHECKS = (
    ("compliance_desk_check_content", "evidence_chunks", _INSERT, "compliance_desk_check_content"),
    ("compliance_desk_check_blob", "evidence_blobs", _INSERT, "compliance_desk_check_blob"),
    (_AGREES, "assessments", _INSERT_OR_UPDATE, _AGREES),
    (_AGREES, "signoffs", _INSERT_OR_UPDATE, _AGREES),
    (_AGREES, "audit_events", _INSERT, _AGREES),
)
