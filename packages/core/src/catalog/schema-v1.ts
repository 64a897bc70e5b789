import type { Migration } from './migrations.js';

/**
 * The initial catalog schema. Frozen once released: later changes are new migrations.
 *
 * Header cards are not one row per card: at ~120 cards a frame that is 2.4 million index rows a
 * second at the scan's target rate, far beyond SQLite. Instead each frame keeps its card values as
 * a JSON array beside a shared template of keywords and comments (`header_templates`, with
 * `header_template_cards` giving each keyword's position), and `header_index` stores runs:
 * "frames first..last have KEYWORD in bucket B". Buckets are coarse and order-preserving (numbers
 * to ~3 % width, text to its first 10 characters), so slowly changing cards (CCD-TEMP,
 * AIRMASS, DATE-OBS within a night) cost a row per change, not per frame. A query narrows by
 * bucket through the index, then checks the exact value in the frame's JSON.
 */
export const schemaV1: Migration = {
  version: 1,
  name: 'initial catalog schema',
  up(driver) {
    driver.exec(SCHEMA_V1_SQL);
  },
};

const SCHEMA_V1_SQL = `
CREATE TABLE frames (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  path TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  frame_type TEXT NOT NULL,
  target TEXT COLLATE NOCASE,
  panel TEXT COLLATE NOCASE,
  filter_name TEXT COLLATE NOCASE,
  exposure_sec REAL,
  gain REAL,
  sensor_offset REAL,
  set_temp_c REAL,
  sensor_temp_c REAL,
  binning TEXT,
  readout_mode TEXT,
  camera TEXT COLLATE NOCASE,
  optic TEXT COLLATE NOCASE,
  rig TEXT COLLATE NOCASE,
  focal_length_mm REAL,
  focal_ratio REAL,
  pixel_size_um REAL,
  width_px INTEGER,
  height_px INTEGER,
  bayer_pattern TEXT,
  date_obs_utc TEXT,
  night TEXT,
  site_lat_deg REAL,
  site_lon_deg REAL,
  site_elev_m REAL,
  ra_deg REAL,
  dec_deg REAL,
  hfr_px REAL,
  star_count INTEGER,
  rms_arcsec REAL,
  airmass REAL,
  focuser_position REAL,
  focuser_temp_c REAL,
  pier_side TEXT,
  frames_combined INTEGER,
  capture_software TEXT,
  profile TEXT NOT NULL,
  sources TEXT NOT NULL DEFAULT '{}',
  size_bytes INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  sha256 TEXT,
  md5 TEXT,
  fingerprint TEXT NOT NULL,
  stitched INTEGER NOT NULL DEFAULT 0,
  added_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX frames_target ON frames (target, panel);
-- Every index costs each insert (the scan's hot path: five fewer made it ~40 % faster). Columns
-- that nearly every frame shares or that are rarely searched alone (filter, exposure, gain,
-- offset, binning, camera, optic) are left to a table scan: ~30 ms at 100,000 frames.
CREATE INDEX frames_rig ON frames (rig);
CREATE INDEX frames_night ON frames (night, rig, target);
CREATE INDEX frames_date ON frames (date_obs_utc, path);
CREATE INDEX frames_fingerprint ON frames (fingerprint);
CREATE INDEX frames_sha256 ON frames (sha256) WHERE sha256 IS NOT NULL;
-- Sessions and totals read only stitched lights; a partial covering index keeps them off the table.
CREATE INDEX frames_stitched_lights ON frames (night, rig, target, filter_name, exposure_sec)
  WHERE frame_type = 'LIGHT' AND stitched = 1;

CREATE TABLE header_templates (
  id INTEGER PRIMARY KEY,
  cards TEXT NOT NULL UNIQUE
);
CREATE TABLE frame_headers (
  frame_id INTEGER PRIMARY KEY REFERENCES frames (id) ON DELETE CASCADE,
  template_id INTEGER NOT NULL REFERENCES header_templates (id),
  raw_header TEXT NOT NULL
);
CREATE TABLE header_keywords (
  id INTEGER PRIMARY KEY,
  keyword TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE header_template_cards (
  template_id INTEGER NOT NULL REFERENCES header_templates (id),
  keyword_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (template_id, keyword_id, position)
) WITHOUT ROWID;
-- bucket has no declared type: numbers and text keep their storage class, and SQLite orders every
-- number before every text, so one index serves numeric ranges and text matches alike.
CREATE TABLE header_index (
  keyword_id INTEGER NOT NULL,
  bucket NOT NULL,
  first_frame_id INTEGER NOT NULL,
  last_frame_id INTEGER NOT NULL,
  PRIMARY KEY (keyword_id, bucket, first_frame_id)
) WITHOUT ROWID;

CREATE TABLE frame_fields (
  frame_id INTEGER NOT NULL REFERENCES frames (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  agent TEXT NOT NULL,
  value,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'number', 'boolean', 'null')),
  PRIMARY KEY (frame_id, name)
) WITHOUT ROWID;
CREATE INDEX frame_fields_name_value ON frame_fields (name, value);

CREATE TABLE agent_runs (
  frame_id INTEGER NOT NULL REFERENCES frames (id) ON DELETE CASCADE,
  agent TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'skipped')),
  error TEXT,
  attempt INTEGER NOT NULL,
  next_due_at_ms INTEGER,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (frame_id, agent)
) WITHOUT ROWID;
CREATE INDEX agent_runs_due ON agent_runs (agent, next_due_at_ms) WHERE next_due_at_ms IS NOT NULL;

CREATE TABLE ingest_errors (
  path TEXT PRIMARY KEY,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);

CREATE TABLE cameras (name TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;
CREATE TABLE optics (name TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;
CREATE TABLE rigs (name TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;
CREATE TABLE filters (name TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;
CREATE TABLE targets (name TEXT PRIMARY KEY COLLATE NOCASE) WITHOUT ROWID;
CREATE TABLE target_aliases (
  alias TEXT PRIMARY KEY COLLATE NOCASE,
  target TEXT NOT NULL COLLATE NOCASE REFERENCES targets (name) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX target_aliases_target ON target_aliases (target);

CREATE TRIGGER frames_names_insert AFTER INSERT ON frames BEGIN
  INSERT OR IGNORE INTO cameras (name) SELECT NEW.camera WHERE NEW.camera IS NOT NULL;
  INSERT OR IGNORE INTO optics (name) SELECT NEW.optic WHERE NEW.optic IS NOT NULL;
  INSERT OR IGNORE INTO rigs (name) SELECT NEW.rig WHERE NEW.rig IS NOT NULL;
  INSERT OR IGNORE INTO filters (name) SELECT NEW.filter_name WHERE NEW.filter_name IS NOT NULL;
  INSERT OR IGNORE INTO targets (name) SELECT NEW.target WHERE NEW.target IS NOT NULL;
END;
CREATE TRIGGER frames_names_update AFTER UPDATE OF camera, optic, rig, filter_name, target ON frames BEGIN
  INSERT OR IGNORE INTO cameras (name) SELECT NEW.camera WHERE NEW.camera IS NOT NULL;
  INSERT OR IGNORE INTO optics (name) SELECT NEW.optic WHERE NEW.optic IS NOT NULL;
  INSERT OR IGNORE INTO rigs (name) SELECT NEW.rig WHERE NEW.rig IS NOT NULL;
  INSERT OR IGNORE INTO filters (name) SELECT NEW.filter_name WHERE NEW.filter_name IS NOT NULL;
  INSERT OR IGNORE INTO targets (name) SELECT NEW.target WHERE NEW.target IS NOT NULL;
END;

CREATE VIEW sessions AS
  SELECT night, rig, target, count(*) AS frames, total(exposure_sec) AS integration_sec
  FROM frames
  WHERE frame_type = 'LIGHT' AND stitched = 1 AND night IS NOT NULL
  GROUP BY night, rig, target;
`;
