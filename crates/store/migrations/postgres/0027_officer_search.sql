-- The officers' search (`/work?tab=all`) lists every dossier an agency handles or received:
-- `agency_code = $1 OR receiving_agency = $1`. `dossiers_agency` serves the first half; this
-- index serves the second, so the planner answers the OR from two index ranges instead of
-- reading the whole table (10^6 dossiers). Received-date filters use `dossiers_received`.
-- Keep in step with ../sqlite/0027_officer_search.sql.
CREATE INDEX dossiers_receiving ON dossiers (receiving_agency, status);
