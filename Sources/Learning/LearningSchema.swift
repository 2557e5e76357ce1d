import Storage

/// The tables Learning owns: courses, trainers, classes and their sessions, learners,
/// enrollments, attendance, certificates, and the record of sample programmes.
///
/// Learners hold the personal fields (name, phone, birth year) and nothing else does;
/// `learners forget` erases them in place and keeps the row, its group fields and a
/// frozen age band, so every count stays the same.
public enum LearningSchema {
    public static let module = SchemaModule(name: "learning", migrations: [
        Migration(1, "create courses, classes, learners, enrollments and attendance", """
            CREATE TABLE courses (
                code TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
                title_vi TEXT NOT NULL,
                title_en TEXT NOT NULL,
                description_vi TEXT NOT NULL,
                description_en TEXT NOT NULL,
                audience_vi TEXT NOT NULL,
                audience_en TEXT NOT NULL,
                hours REAL NOT NULL CHECK (hours > 0),
                sessions INTEGER NOT NULL CHECK (sessions > 0),
                level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 8),
                min_attendance REAL NOT NULL CHECK (min_attendance > 0 AND min_attendance <= 1),
                pass_mark REAL CHECK (pass_mark IS NULL OR pass_mark BETWEEN 0 AND 100),
                outline TEXT NOT NULL DEFAULT '[]',
                source TEXT NOT NULL,
                imported_at TEXT NOT NULL
            );
            CREATE TABLE course_competences (
                course_code TEXT NOT NULL REFERENCES courses(code) ON DELETE CASCADE,
                tag TEXT NOT NULL,
                PRIMARY KEY (course_code, tag)
            );
            CREATE TABLE course_prerequisites (
                course_code TEXT NOT NULL REFERENCES courses(code) ON DELETE CASCADE,
                prerequisite_code TEXT NOT NULL,
                PRIMARY KEY (course_code, prerequisite_code)
            );
            CREATE TABLE trainers (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                name TEXT NOT NULL CHECK (name <> ''),
                phone TEXT,
                organisation TEXT,
                sample INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL
            );
            CREATE TABLE classes (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                course_code TEXT NOT NULL REFERENCES courses(code),
                trainer_id INTEGER NOT NULL REFERENCES trainers(id),
                hotspot_code TEXT REFERENCES hotspots(code) ON DELETE SET NULL,
                venue TEXT NOT NULL CHECK (venue <> ''),
                area_code TEXT REFERENCES areas(code) ON DELETE SET NULL,
                capacity INTEGER NOT NULL CHECK (capacity > 0),
                status TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'closed', 'cancelled')),
                note TEXT,
                sample INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                closed_at TEXT
            );
            CREATE INDEX classes_course ON classes(course_code);
            CREATE INDEX classes_trainer ON classes(trainer_id);
            CREATE INDEX classes_hotspot ON classes(hotspot_code);
            CREATE TABLE class_sessions (
                class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number > 0),
                date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                PRIMARY KEY (class_id, number)
            ) WITHOUT ROWID;
            CREATE TABLE learners (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                name TEXT,
                name_key TEXT,
                phone TEXT,
                birth_year INTEGER,
                gender TEXT NOT NULL DEFAULT 'not-specified'
                    CHECK (gender IN ('female', 'male', 'other', 'not-specified')),
                disability TEXT NOT NULL DEFAULT 'not-specified'
                    CHECK (disability IN ('yes', 'no', 'not-specified')),
                low_income TEXT NOT NULL DEFAULT 'not-specified'
                    CHECK (low_income IN ('yes', 'no', 'not-specified')),
                area_code TEXT REFERENCES areas(code) ON DELETE SET NULL,
                forgotten_age_band TEXT,
                forgotten_at TEXT,
                sample INTEGER NOT NULL DEFAULT 0,
                source TEXT NOT NULL,
                created_at TEXT NOT NULL,
                CHECK ((forgotten_at IS NULL) = (name IS NOT NULL)),
                CHECK (forgotten_at IS NULL OR (phone IS NULL AND birth_year IS NULL
                    AND name_key IS NULL))
            );
            CREATE INDEX learners_name_key ON learners(name_key);
            CREATE INDEX learners_area ON learners(area_code);
            CREATE TABLE enrollments (
                id INTEGER PRIMARY KEY,
                class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
                learner_id INTEGER NOT NULL REFERENCES learners(id),
                state TEXT NOT NULL CHECK (state IN
                    ('enrolled', 'waitlisted', 'withdrawn', 'completed', 'not-completed')),
                arrival INTEGER NOT NULL,
                score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 100),
                reason TEXT,
                requested_at TEXT NOT NULL,
                changed_at TEXT NOT NULL,
                UNIQUE (class_id, learner_id)
            );
            CREATE INDEX enrollments_learner ON enrollments(learner_id);
            CREATE TABLE attendance (
                class_id INTEGER NOT NULL,
                session_number INTEGER NOT NULL,
                learner_id INTEGER NOT NULL REFERENCES learners(id),
                present INTEGER NOT NULL CHECK (present IN (0, 1)),
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (class_id, session_number, learner_id),
                FOREIGN KEY (class_id, session_number)
                    REFERENCES class_sessions(class_id, number) ON DELETE CASCADE
            ) WITHOUT ROWID;
            CREATE INDEX attendance_learner ON attendance(learner_id);
            CREATE TABLE certificates (
                enrollment_id INTEGER PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
                code TEXT NOT NULL UNIQUE,
                issued_at TEXT NOT NULL
            );
            CREATE TABLE sample_programmes (
                id INTEGER PRIMARY KEY,
                seed INTEGER NOT NULL,
                learners INTEGER NOT NULL,
                until TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            """),
    ])
}
