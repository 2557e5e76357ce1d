extension Database {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// The outermost call uses `BEGIN IMMEDIATE`, so the write lock is taken up front and
    /// a busy database fails at the start rather than at the first write. Nested calls
    /// (and calls inside a transaction begun by hand) use `SAVEPOINT sp_N`: an inner
    /// rollback undoes only the inner work (https://sqlite.org/lang_savepoint.html).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let connection = try openConnection()
        if connection.isAutocommit {
            return try outermostTransaction(connection, body)
        }
        return try savepoint(connection, body)
    }

    private func outermostTransaction<T>(
        _ connection: ConnectionHandle, _ body: () throws -> T
    ) throws -> T {
        try connection.exec("BEGIN IMMEDIATE")
        transactionDepth += 1
        defer { transactionDepth -= 1 }

        let result: T
        do {
            result = try body()
            try connection.exec("COMMIT")
        } catch {
            rollBack(connection, "ROLLBACK")
            throw error
        }
        return result
    }

    private func savepoint<T>(_ connection: ConnectionHandle, _ body: () throws -> T) throws -> T {
        let name = "sp_\(transactionDepth)"
        try connection.exec("SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }

        let result: T
        do {
            result = try body()
            try connection.exec("RELEASE \(name)")
        } catch {
            // ROLLBACK TO rewinds but keeps the savepoint open; RELEASE then removes it.
            rollBack(connection, "ROLLBACK TO \(name)")
            rollBack(connection, "RELEASE \(name)")
            throw error
        }
        return result
    }

    /// Runs a rollback step, ignoring its failure: the caller rethrows the error that
    /// caused it, and SQLite may already have rolled back by itself (after `SQLITE_FULL`,
    /// `SQLITE_IOERR`, `SQLITE_BUSY` or `SQLITE_NOMEM`), leaving nothing to undo.
    private func rollBack(_ connection: ConnectionHandle, _ sql: String) {
        if sql == "ROLLBACK" && connection.isAutocommit { return }
        try? connection.exec(sql)
    }
}
