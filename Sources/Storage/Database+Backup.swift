extension Database {
    /// Copies this database into the file at `destinationPath` with SQLite's online backup
    /// API (`sqlite3_backup_init`, `_step`, `_finish`; https://sqlite.org/backup.html).
    ///
    /// The copy is one consistent snapshot: all pages are copied in a single step inside
    /// one read transaction, and in WAL mode other connections keep writing meanwhile.
    /// It is written to a hidden temporary file in the destination's folder, switched to
    /// `journal_mode=DELETE` so it is one self-contained file, synced, and renamed over
    /// the destination, so a crash leaves either the old destination or the whole copy.
    /// A busy or locked source is retried for about 10 s.
    ///
    /// Refuses (`SQLITE_MISUSE`) to overwrite the database itself or its -wal, -shm or
    /// -journal file, and to run inside a transaction, where it would copy uncommitted
    /// work.
    public func backup(to destinationPath: String) throws {
        let source = try openConnection()
        guard source.isAutocommit else {
            throw DatabaseError(
                code: SQLiteCode.misuse,
                message: "cannot back up '\(path)' inside a transaction")
        }
        let destination = try resolveBackupDestination(destinationPath, source: source)
        let folderPrefix = destination.folder == "/" ? "" : destination.folder
        let temporary = "\(folderPrefix)/.\(destination.name).backup-\(FileSystem.uniqueSuffix())"

        var finished = false
        defer {
            if !finished {
                for suffix in ["", "-journal", "-wal", "-shm"] {
                    try? FileSystem.remove(temporary + suffix)
                }
            }
        }

        try copy(from: source, into: temporary)
        try FileSystem.sync(temporary)

        // A stale hot journal or WAL next to the destination would be replayed into the
        // new file when it is next opened, so they go before the rename.
        for suffix in ["-journal", "-wal", "-shm"] {
            try FileSystem.remove(destination.path + suffix)
        }
        try FileSystem.replace(destination.path, with: temporary)
        finished = true
        try FileSystem.sync(destination.folder)
    }

    /// Runs the backup into a new file at `temporaryPath` and closes it.
    private func copy(from source: ConnectionHandle, into temporaryPath: String) throws {
        let target = try ConnectionHandle.open(path: temporaryPath, readOnly: false)
        defer { target.close() }

        let backup = try BackupHandle.start(from: source, into: target)
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let code = backup.step(pages: -1)
            if code == SQLiteCode.done { break }

            let primary = code & 0xff
            let retryable = primary == SQLiteCode.busy || primary == SQLiteCode.locked
            if retryable && ContinuousClock.now < deadline {
                pauseThread(milliseconds: 50)
                continue
            }
            backup.finish()
            throw DatabaseError(
                code: code,
                message: "backup of '\(path)' failed: \(SQLiteCode.text(code))")
        }
        guard backup.finish() == SQLiteCode.ok else { throw target.lastError(sql: nil) }

        // The copied header says WAL when the source is in WAL mode; a backup is easier
        // to move around as one file.
        try target.exec("PRAGMA journal_mode=DELETE")
    }

    /// The canonical folder, name and path of a backup destination, after checking that
    /// it is not this database or one of its side files.
    private func resolveBackupDestination(
        _ destinationPath: String, source: ConnectionHandle
    ) throws(DatabaseError) -> (folder: String, name: String, path: String) {
        let slash = destinationPath.lastIndex(of: "/")
        let name = String(slash.map { destinationPath[destinationPath.index(after: $0)...] }
            ?? Substring(destinationPath))
        let folderPath = slash.map { String(destinationPath[..<$0]) } ?? "."
        guard !name.isEmpty, name != ".", name != ".." else {
            throw DatabaseError(
                code: SQLiteCode.cantOpen,
                message: "backup destination '\(destinationPath)' is not a file name")
        }
        guard let folder = FileSystem.canonicalPath(folderPath.isEmpty ? "/" : folderPath) else {
            throw DatabaseError(
                code: SQLiteCode.cantOpen,
                message: "backup destination folder '\(folderPath)' does not exist")
        }
        let full = folder == "/" ? "/\(name)" : "\(folder)/\(name)"

        let sourceFile = source.mainFilename
        if !sourceFile.isEmpty {
            let canonicalSource = FileSystem.canonicalPath(sourceFile) ?? sourceFile
            let sideFiles = ["", "-wal", "-shm", "-journal"].map { canonicalSource + $0 }
            let sameFile = FileSystem.identity(full).map { $0 == FileSystem.identity(sourceFile) }
            if sideFiles.contains(full) || sameFile == true {
                throw DatabaseError(
                    code: SQLiteCode.misuse,
                    message: "backup destination '\(destinationPath)' is the database itself")
            }
        }
        return (folder, name, full)
    }
}
