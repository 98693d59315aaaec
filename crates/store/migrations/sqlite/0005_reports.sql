-- Report facts (issue 6): per-day counters per agency, unit, field, procedure and channel,
-- kept in step with every dossier write (same transaction) so Biểu II.06a over any period is a
-- sum over this table. `dossiers.report_facts` holds the facts of each dossier's last write, so
-- a change adds exactly (new − old). See motcua_domain::reports::facts.
-- Keep in step with ../postgres/0005_reports.sql.

ALTER TABLE dossiers ADD COLUMN report_facts TEXT;

CREATE TABLE report_daily (
    day              DATE NOT NULL,
    agency_code      TEXT NOT NULL,
    unit_code        TEXT NOT NULL,
    field_code       TEXT NOT NULL,
    procedure_code   TEXT NOT NULL,
    channel          TEXT NOT NULL,
    received         BIGINT NOT NULL DEFAULT 0,
    resolved         BIGINT NOT NULL DEFAULT 0,
    early            BIGINT NOT NULL DEFAULT 0,
    on_time          BIGINT NOT NULL DEFAULT 0,
    late             BIGINT NOT NULL DEFAULT 0,
    early_x          BIGINT NOT NULL DEFAULT 0,
    on_time_x        BIGINT NOT NULL DEFAULT 0,
    late_x           BIGINT NOT NULL DEFAULT 0,
    withdrawn        BIGINT NOT NULL DEFAULT 0,
    stopped          BIGINT NOT NULL DEFAULT 0,
    overdue          BIGINT NOT NULL DEFAULT 0,
    overdue_x        BIGINT NOT NULL DEFAULT 0,
    handling_minutes BIGINT NOT NULL DEFAULT 0,
    multi_supplement BIGINT NOT NULL DEFAULT 0,
    on_the_spot      BIGINT NOT NULL DEFAULT 0,
    e_result         BIGINT NOT NULL DEFAULT 0,
    paid             BIGINT NOT NULL DEFAULT 0,
    paid_online      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, agency_code, unit_code, field_code, procedure_code, channel)
);
CREATE INDEX report_daily_agency ON report_daily (agency_code, day);
