-- Valenza Desk database schema (SQLite dialect).
-- Generated from valenza_desk/store/models.py by `valenza-desk schema --write`; do not edit by hand.
-- The application creates it through Alembic migrations (valenza_desk/store/migrations).

CREATE TABLE act (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	act_type VARCHAR(60) NOT NULL,
	number VARCHAR(30) NOT NULL,
	on_date DATE,
	subject VARCHAR(500) NOT NULL,
	link VARCHAR(500) NOT NULL,
	cup VARCHAR(15) NOT NULL,
	cig VARCHAR(10) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_act_identity UNIQUE (act_type, number, on_date)
);

CREATE TABLE app_user (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	login VARCHAR(100) NOT NULL,
	full_name VARCHAR(200) NOT NULL,
	role VARCHAR(20) NOT NULL,
	active BOOLEAN NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT ck_app_user_role CHECK (role IN ('admin','segreteria','ufficio','consultazione')),
	UNIQUE (login)
);

CREATE TABLE audit_chain (
	id INTEGER NOT NULL,
	last_id INTEGER NOT NULL,
	last_hash VARCHAR(64) NOT NULL,
	entries INTEGER NOT NULL,
	PRIMARY KEY (id)
);

CREATE TABLE office (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	name VARCHAR(200) NOT NULL,
	head VARCHAR(200) NOT NULL,
	email VARCHAR(200) NOT NULL,
	phone VARCHAR(50) NOT NULL,
	active BOOLEAN NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (name)
);

CREATE TABLE programme (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	title VARCHAR(200) NOT NULL,
	period VARCHAR(20) NOT NULL,
	coalition VARCHAR(200) NOT NULL,
	mayor VARCHAR(200) NOT NULL,
	source_file VARCHAR(500) NOT NULL,
	source_sha256 VARCHAR(64) NOT NULL,
	imported_at DATETIME,
	PRIMARY KEY (id)
);

CREATE TABLE setting (
	"key" VARCHAR(50) NOT NULL,
	value VARCHAR NOT NULL,
	version INTEGER NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY ("key")
);

CREATE TABLE audit_operation (
	id INTEGER NOT NULL,
	at DATETIME NOT NULL,
	actor VARCHAR(200) NOT NULL,
	name VARCHAR(50) NOT NULL,
	label VARCHAR(200) NOT NULL,
	programme_id INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(programme_id) REFERENCES programme (id)
);

CREATE INDEX ix_audit_operation_programme_id ON audit_operation (programme_id);

CREATE TABLE meeting (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	programme_id INTEGER NOT NULL,
	body VARCHAR(100) NOT NULL,
	on_date DATE NOT NULL,
	title VARCHAR(300) NOT NULL,
	notes VARCHAR NOT NULL,
	snapshot_at DATETIME,
	brief_sha256 VARCHAR(64) NOT NULL,
	brief_issued_at DATETIME,
	PRIMARY KEY (id),
	FOREIGN KEY(programme_id) REFERENCES programme (id)
);

CREATE INDEX ix_meeting_programme_id ON meeting (programme_id);

CREATE TABLE programme_value (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	programme_id INTEGER NOT NULL,
	name VARCHAR(100) NOT NULL,
	description VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_programme_value_name UNIQUE (programme_id, name),
	FOREIGN KEY(programme_id) REFERENCES programme (id)
);

CREATE INDEX ix_programme_value_programme_id ON programme_value (programme_id);

CREATE TABLE stakeholder (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	programme_id INTEGER NOT NULL,
	name VARCHAR(200) NOT NULL,
	aliases VARCHAR NOT NULL,
	code VARCHAR(10) NOT NULL,
	narrative VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT uq_stakeholder_name UNIQUE (programme_id, name),
	CONSTRAINT uq_stakeholder_code UNIQUE (programme_id, code),
	FOREIGN KEY(programme_id) REFERENCES programme (id)
);

CREATE INDEX ix_stakeholder_programme_id ON stakeholder (programme_id);

CREATE TABLE user_office (
	user_id INTEGER NOT NULL,
	office_id INTEGER NOT NULL,
	PRIMARY KEY (user_id, office_id),
	FOREIGN KEY(user_id) REFERENCES app_user (id) ON DELETE CASCADE,
	FOREIGN KEY(office_id) REFERENCES office (id) ON DELETE CASCADE
);

CREATE INDEX ix_user_office_office_id ON user_office (office_id);

CREATE TABLE action (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	programme_id INTEGER NOT NULL,
	code VARCHAR(20) NOT NULL,
	number VARCHAR(20) NOT NULL,
	position INTEGER NOT NULL,
	stakeholder_id INTEGER NOT NULL,
	text VARCHAR NOT NULL,
	source_text VARCHAR NOT NULL,
	status VARCHAR(20) NOT NULL,
	progress INTEGER NOT NULL,
	due_date DATE,
	completed_on DATE,
	referent VARCHAR(200) NOT NULL,
	notes VARCHAR NOT NULL,
	search_key VARCHAR NOT NULL,
	original_due_date DATE,
	due_moves INTEGER NOT NULL,
	mission VARCHAR(2) NOT NULL,
	dup_programme VARCHAR(4) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT ck_action_progress CHECK (progress >= 0 AND progress <= 100),
	CONSTRAINT ck_action_status CHECK (status IN ('not_started','in_progress','done','suspended','dropped')),
	CONSTRAINT uq_action_code UNIQUE (programme_id, code),
	FOREIGN KEY(programme_id) REFERENCES programme (id),
	FOREIGN KEY(stakeholder_id) REFERENCES stakeholder (id)
);

CREATE INDEX ix_action_due_date ON action (due_date);

CREATE INDEX ix_action_mission ON action (mission);

CREATE INDEX ix_action_programme_id ON action (programme_id);

CREATE INDEX ix_action_stakeholder_id ON action (stakeholder_id);

CREATE INDEX ix_action_stakeholder_position ON action (stakeholder_id, position);

CREATE INDEX ix_action_status ON action (status);

CREATE TABLE audit_log (
	id INTEGER NOT NULL,
	op_id INTEGER,
	at DATETIME NOT NULL,
	actor VARCHAR(200) NOT NULL,
	entity VARCHAR(50) NOT NULL,
	entity_id INTEGER,
	entity_label VARCHAR(200) NOT NULL,
	operation VARCHAR(20) NOT NULL,
	field VARCHAR(50) NOT NULL,
	old_value VARCHAR NOT NULL,
	new_value VARCHAR NOT NULL,
	old_label VARCHAR NOT NULL,
	new_label VARCHAR NOT NULL,
	prev_hash VARCHAR(64) NOT NULL,
	hash VARCHAR(64) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(op_id) REFERENCES audit_operation (id)
);

CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id);

CREATE INDEX ix_audit_log_op_id ON audit_log (op_id);

CREATE TABLE snapshot_action (
	meeting_id INTEGER NOT NULL,
	action_id INTEGER NOT NULL,
	code VARCHAR(20) NOT NULL,
	number VARCHAR(20) NOT NULL,
	stakeholder_id INTEGER NOT NULL,
	stakeholder VARCHAR(200) NOT NULL,
	stakeholder_position INTEGER NOT NULL,
	position INTEGER NOT NULL,
	text VARCHAR NOT NULL,
	status VARCHAR(20) NOT NULL,
	progress INTEGER NOT NULL,
	due_date DATE,
	original_due_date DATE,
	due_moves INTEGER NOT NULL,
	completed_on DATE,
	referent VARCHAR(200) NOT NULL,
	lead_office VARCHAR(200) NOT NULL,
	support_offices VARCHAR NOT NULL,
	mission VARCHAR(2) NOT NULL,
	latest_note_on DATE,
	latest_note VARCHAR NOT NULL,
	latest_act VARCHAR(300) NOT NULL,
	updates INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, action_id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);

CREATE TABLE snapshot_milestone (
	meeting_id INTEGER NOT NULL,
	milestone_id INTEGER NOT NULL,
	action_id INTEGER NOT NULL,
	title VARCHAR(500) NOT NULL,
	due_date DATE,
	done_on DATE,
	PRIMARY KEY (meeting_id, milestone_id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);

CREATE INDEX ix_snapshot_milestone_action_id ON snapshot_milestone (action_id);

CREATE TABLE act_action (
	act_id INTEGER NOT NULL,
	action_id INTEGER NOT NULL,
	PRIMARY KEY (act_id, action_id),
	FOREIGN KEY(act_id) REFERENCES act (id) ON DELETE CASCADE,
	FOREIGN KEY(action_id) REFERENCES action (id) ON DELETE CASCADE
);

CREATE INDEX ix_act_action_action_id ON act_action (action_id);

CREATE TABLE action_office (
	action_id INTEGER NOT NULL,
	office_id INTEGER NOT NULL,
	role VARCHAR(10) NOT NULL,
	PRIMARY KEY (action_id, office_id),
	CONSTRAINT ck_action_office_role CHECK (role IN ('lead','support')),
	FOREIGN KEY(action_id) REFERENCES action (id) ON DELETE CASCADE,
	FOREIGN KEY(office_id) REFERENCES office (id)
);

CREATE INDEX ix_action_office_office_id ON action_office (office_id);

CREATE UNIQUE INDEX uq_action_office_one_lead ON action_office (action_id) WHERE role = 'lead';

CREATE TABLE action_value (
	action_id INTEGER NOT NULL,
	value_id INTEGER NOT NULL,
	PRIMARY KEY (action_id, value_id),
	FOREIGN KEY(action_id) REFERENCES action (id) ON DELETE CASCADE,
	FOREIGN KEY(value_id) REFERENCES programme_value (id) ON DELETE CASCADE
);

CREATE TABLE due_date_change (
	id INTEGER NOT NULL,
	action_id INTEGER NOT NULL,
	op_id INTEGER,
	at DATETIME NOT NULL,
	actor VARCHAR(200) NOT NULL,
	old_due DATE,
	new_due DATE,
	reason VARCHAR(500) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(action_id) REFERENCES action (id) ON DELETE CASCADE,
	FOREIGN KEY(op_id) REFERENCES audit_operation (id)
);

CREATE INDEX ix_due_date_change_action_id ON due_date_change (action_id);

CREATE TABLE milestone (
	version INTEGER NOT NULL,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	id INTEGER NOT NULL,
	action_id INTEGER NOT NULL,
	title VARCHAR(500) NOT NULL,
	due_date DATE,
	done_on DATE,
	position INTEGER NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(action_id) REFERENCES action (id) ON DELETE CASCADE
);

CREATE INDEX ix_milestone_action_id ON milestone (action_id);

CREATE TABLE progress_update (
	id INTEGER NOT NULL,
	action_id INTEGER NOT NULL,
	op_id INTEGER,
	at DATETIME NOT NULL,
	on_date DATE NOT NULL,
	author VARCHAR(200) NOT NULL,
	status VARCHAR(20) NOT NULL,
	progress INTEGER NOT NULL,
	text VARCHAR NOT NULL,
	act_reference VARCHAR(300) NOT NULL,
	act_id INTEGER,
	PRIMARY KEY (id),
	FOREIGN KEY(action_id) REFERENCES action (id) ON DELETE CASCADE,
	FOREIGN KEY(op_id) REFERENCES audit_operation (id),
	FOREIGN KEY(act_id) REFERENCES act (id)
);

CREATE INDEX ix_progress_update_act_id ON progress_update (act_id);

CREATE INDEX ix_progress_update_action_id ON progress_update (action_id);

CREATE INDEX ix_progress_update_op_id ON progress_update (op_id);

CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER IF NOT EXISTS audit_operation_no_update BEFORE UPDATE ON audit_operation BEGIN SELECT RAISE(ABORT, 'audit_operation is append-only'); END;

CREATE TRIGGER IF NOT EXISTS audit_operation_no_delete BEFORE DELETE ON audit_operation BEGIN SELECT RAISE(ABORT, 'audit_operation is append-only'); END;

CREATE TRIGGER IF NOT EXISTS snapshot_action_no_update BEFORE UPDATE ON snapshot_action BEGIN SELECT RAISE(ABORT, 'snapshot_action is append-only'); END;

CREATE TRIGGER IF NOT EXISTS snapshot_action_no_delete BEFORE DELETE ON snapshot_action BEGIN SELECT RAISE(ABORT, 'snapshot_action is append-only'); END;

CREATE TRIGGER IF NOT EXISTS snapshot_milestone_no_update BEFORE UPDATE ON snapshot_milestone BEGIN SELECT RAISE(ABORT, 'snapshot_milestone is append-only'); END;

CREATE TRIGGER IF NOT EXISTS snapshot_milestone_no_delete BEFORE DELETE ON snapshot_milestone BEGIN SELECT RAISE(ABORT, 'snapshot_milestone is append-only'); END;
