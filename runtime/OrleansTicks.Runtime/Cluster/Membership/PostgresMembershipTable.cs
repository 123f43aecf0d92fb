using System.Collections.Immutable;
using Npgsql;
using OrleansTicks.Runtime.Storage;

namespace OrleansTicks.Runtime.Cluster.Membership;

/// <summary>The membership table <c>cluster_members</c> in PostgreSQL. Every time in it is the database's clock
/// (<c>now()</c>), and liveness is judged against that clock too, so the silos' own clocks never matter.</summary>
/// <remarks>
/// A heartbeat only touches the row of the caller's incarnation while it is <c>active</c>: once another member has
/// declared it dead (or the silo has rejoined), the old incarnation cannot revive itself and must rejoin. Each
/// operation is one statement on a pooled connection.
/// </remarks>
public sealed class PostgresMembershipTable : IAsyncDisposable
{
    private const string Columns = "silo_id, incarnation, status, host_name, process_id, started_at, heartbeat_at";

    private const string JoinSql = """
        INSERT INTO cluster_members AS m (silo_id, incarnation, status, host_name, process_id, started_at, heartbeat_at)
        VALUES ($1, 1, 'active', $2, $3, now(), now())
        ON CONFLICT (silo_id) DO UPDATE SET incarnation = m.incarnation + 1, status = 'active',
            host_name = EXCLUDED.host_name, process_id = EXCLUDED.process_id, started_at = now(), heartbeat_at = now()
        RETURNING incarnation
        """;

    private const string HeartbeatSql =
        "UPDATE cluster_members SET heartbeat_at = now() WHERE silo_id = $1 AND incarnation = $2 AND status = 'active'";

    private const string LeaveSql =
        "UPDATE cluster_members SET status = 'leaving', heartbeat_at = now() WHERE silo_id = $1 AND incarnation = $2 AND status IN ('joining', 'active')";

    private const string MarkDeadSql =
        "UPDATE cluster_members SET status = 'dead' WHERE status = 'active' AND heartbeat_at < now() - $1 RETURNING silo_id";

    private const string ReadLiveSql =
        $"SELECT {Columns} FROM cluster_members WHERE status = 'active' AND heartbeat_at >= now() - $1";

    private const string ReadAllSql = $"SELECT {Columns} FROM cluster_members";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>Creates a table on <paramref name="dataSource"/>, which the caller keeps owning.</summary>
    /// <param name="dataSource">Where connections come from.</param>
    public PostgresMembershipTable(NpgsqlDataSource dataSource)
        : this(dataSource, ownsDataSource: false)
    {
    }

    private PostgresMembershipTable(NpgsqlDataSource dataSource, bool ownsDataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
    }

    /// <summary>Creates a table with a data source of its own on <paramref name="connectionString"/>, closed when
    /// the table is disposed.</summary>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The table.</returns>
    public static PostgresMembershipTable Create(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new PostgresMembershipTable(NpgsqlDataSource.Create(PostgresPools.WithDefaultMaxPoolSize(connectionString, PostgresPools.Membership)), ownsDataSource: true);
    }

    /// <summary>Creates the table if it does not exist. Idempotent and safe when several silos start at once.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(MembershipSchema.Script, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Joins (or rejoins) as <paramref name="siloId"/>: a new incarnation, status active, heartbeat now.</summary>
    /// <param name="siloId">The silo's id.</param>
    /// <param name="hostName">The machine it runs on, for operators.</param>
    /// <param name="processId">Its process id, for operators.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new incarnation: 1 for a new id, one more than the last otherwise.</returns>
    public async Task<long> JoinAsync(string siloId, string hostName, int processId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        ArgumentNullException.ThrowIfNull(hostName);
        using var command = _dataSource.CreateCommand(JoinSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hostName });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = processId });
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Sets the heartbeat of <paramref name="siloId"/>'s <paramref name="incarnation"/> to the database's now.</summary>
    /// <param name="siloId">The silo's id.</param>
    /// <param name="incarnation">The incarnation <see cref="JoinAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>False when that incarnation is no longer active (declared dead, left, or superseded by a rejoin):
    /// the silo must consider itself out of the cluster and rejoin.</returns>
    public Task<bool> HeartbeatAsync(string siloId, long incarnation, CancellationToken cancellationToken = default) =>
        UpdateOwnRowAsync(HeartbeatSql, siloId, incarnation, cancellationToken);

    /// <summary>Marks <paramref name="siloId"/>'s <paramref name="incarnation"/> as leaving: the others drop it at
    /// their next read, without waiting for its heartbeat to age.</summary>
    /// <param name="siloId">The silo's id.</param>
    /// <param name="incarnation">The incarnation <see cref="JoinAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>False when that incarnation was no longer active.</returns>
    public Task<bool> LeaveAsync(string siloId, long incarnation, CancellationToken cancellationToken = default) =>
        UpdateOwnRowAsync(LeaveSql, siloId, incarnation, cancellationToken);

    /// <summary>Declares dead every active member silent for longer than <paramref name="deadAfter"/> by the
    /// database's clock.</summary>
    /// <param name="deadAfter">The silence after which a member is dead (<c>Cluster:DeadAfter</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ids of the members declared dead now.</returns>
    public async Task<ImmutableArray<string>> MarkDeadAsync(TimeSpan deadAfter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadAfter, TimeSpan.Zero);
        using var command = _dataSource.CreateCommand(MarkDeadSql);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = deadAfter });
        var dead = ImmutableArray.CreateBuilder<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                dead.Add(reader.GetString(0));
            }
        }

        return dead.DrainToImmutable();
    }

    /// <summary>The live members: active, with a heartbeat within <paramref name="deadAfter"/> of the database's now.</summary>
    /// <param name="deadAfter">The silence after which a member is dead (<c>Cluster:DeadAfter</c>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The live members, ordered by silo id (ordinal).</returns>
    public Task<ImmutableArray<ClusterMember>> ReadLiveAsync(TimeSpan deadAfter, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadAfter, TimeSpan.Zero);
        return ReadAsync(ReadLiveSql, deadAfter, cancellationToken);
    }

    /// <summary>Every row, whatever its status, ordered by silo id (ordinal): for operators and tests.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The members.</returns>
    public Task<ImmutableArray<ClusterMember>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(ReadAllSql, deadAfter: null, cancellationToken);

    /// <summary>Closes the data source if this table created it (<see cref="Create"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> UpdateOwnRowAsync(string sql, string siloId, long incarnation, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(siloId);
        using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = siloId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = incarnation });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task<ImmutableArray<ClusterMember>> ReadAsync(string sql, TimeSpan? deadAfter, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand(sql);
        if (deadAfter is { } silence)
        {
            command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = silence });
        }

        var members = ImmutableArray.CreateBuilder<ClusterMember>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                members.Add(new ClusterMember(
                    reader.GetString(0), reader.GetInt64(1), ParseStatus(reader.GetString(2)), reader.GetString(3), reader.GetInt32(4),
                    reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        // Ordinal, whatever the database's collation: every silo must list the members in the same order.
        members.Sort(static (a, b) => string.CompareOrdinal(a.SiloId, b.SiloId));
        return members.DrainToImmutable();
    }

    private static MemberStatus ParseStatus(string status) => status switch
    {
        "joining" => MemberStatus.Joining,
        "active" => MemberStatus.Active,
        "leaving" => MemberStatus.Leaving,
        "dead" => MemberStatus.Dead,
        _ => throw new InvalidOperationException($"cluster_members holds an unknown status '{status}'."),
    };
}
