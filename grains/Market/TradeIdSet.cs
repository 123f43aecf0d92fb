using System.Text.Json.Serialization;

namespace OrleansTicks.Grains.Market;

/// <summary>The trade ids a symbol has applied, for dropping duplicates exactly. Feeds number a symbol's trades in
/// increasing order, so the set is kept as a <see cref="Floor"/> (every id up to it has been seen, or is too old to
/// matter) plus sorted, disjoint runs of ids above it: the common case — the next id — only extends the newest run,
/// and late or out-of-order ids cost one run each until the gaps before them fill. Nothing below the first id seen
/// is presumed seen, so a late trade older than every other still counts. Bounded: beyond
/// <see cref="MaxRuns"/> runs the oldest are folded into the floor, so an id below the floor counts as seen (the
/// trade is dropped as too late and counted, never applied twice).</summary>
public sealed class TradeIdSet
{
    /// <summary>The most runs kept above the floor.</summary>
    public const int MaxRuns = 4096;

    private readonly List<IdRun> _runs = [];

    /// <summary>Every id ≤ the floor counts as seen. Starts below any id a feed uses.</summary>
    [JsonPropertyName("floor")]
    public long Floor { get; set; } = long.MinValue;

    /// <summary>Runs of seen ids above the floor, ascending and disjoint, not adjacent to the floor or each other.</summary>
    [JsonPropertyName("runs")]
    public IReadOnlyList<IdRun> Runs
    {
        get => _runs;
        init
        {
            _runs.AddRange(value);
            Normalize();
        }
    }

    /// <summary>How many runs sit above the floor (0 when ids arrived in order).</summary>
    [JsonIgnore]
    public int RunCount => _runs.Count;

    /// <summary>A copy that stays as it is while this set goes on taking ids.</summary>
    public TradeIdSet Clone() => new() { Floor = Floor, Runs = _runs };

    /// <summary>Adds <paramref name="id"/>; false when it was already in the set (a duplicate, or below the floor).</summary>
    public bool TryAdd(long id)
    {
        if (id <= Floor)
        {
            return false;
        }

        // The common case: the next id after the newest run (ids arrive mostly in order).
        if (_runs.Count > 0 && _runs[^1].Last == id - 1)
        {
            _runs[^1] = _runs[^1] with { Last = id };
            return true;
        }

        if (id == Floor + 1 && (_runs.Count == 0 || _runs[0].First > id))
        {
            Floor = id;
            if (_runs.Count > 0 && _runs[0].First == id + 1)
            {
                Floor = _runs[0].Last;
                _runs.RemoveAt(0);
            }

            return true;
        }

        return AddAboveFloor(id);
    }

    /// <summary>Whether <paramref name="id"/> is in the set.</summary>
    public bool Contains(long id)
    {
        if (id <= Floor)
        {
            return true;
        }

        var index = FindRunAtOrBefore(id);
        return index >= 0 && _runs[index].Last >= id;
    }

    private bool AddAboveFloor(long id)
    {
        var before = FindRunAtOrBefore(id);
        if (before >= 0 && _runs[before].Last >= id)
        {
            return false;
        }

        var extendsBefore = before >= 0 && _runs[before].Last == id - 1;
        var after = before + 1;
        var extendsAfter = after < _runs.Count && _runs[after].First == id + 1;
        if (extendsBefore && extendsAfter)
        {
            _runs[before] = new IdRun(_runs[before].First, _runs[after].Last);
            _runs.RemoveAt(after);
        }
        else if (extendsBefore)
        {
            _runs[before] = _runs[before] with { Last = id };
        }
        else if (extendsAfter)
        {
            _runs[after] = _runs[after] with { First = id };
        }
        else
        {
            _runs.Insert(after, new IdRun(id, id));
        }

        FoldAdjacentToFloor();
        if (_runs.Count > MaxRuns)
        {
            // Give up on the oldest gap: ids in it will count as seen. Bounded memory beats an unbounded set.
            Floor = _runs[0].Last;
            _runs.RemoveAt(0);
            FoldAdjacentToFloor();
        }

        return true;
    }

    private void FoldAdjacentToFloor()
    {
        while (_runs.Count > 0 && _runs[0].First <= Floor + 1)
        {
            Floor = Math.Max(Floor, _runs[0].Last);
            _runs.RemoveAt(0);
        }
    }

    /// <summary>The index of the last run whose first id is ≤ <paramref name="id"/>, or −1.</summary>
    private int FindRunAtOrBefore(long id)
    {
        int low = 0, high = _runs.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (_runs[middle].First <= id)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
    }

    // State read from storage is trusted only after it is put back in canonical form.
    private void Normalize()
    {
        _runs.Sort(static (a, b) => a.First.CompareTo(b.First));
        for (var i = _runs.Count - 1; i > 0; i--)
        {
            if (_runs[i].First <= _runs[i - 1].Last + 1)
            {
                _runs[i - 1] = new IdRun(_runs[i - 1].First, Math.Max(_runs[i - 1].Last, _runs[i].Last));
                _runs.RemoveAt(i);
            }
        }

        FoldAdjacentToFloor();
    }
}

/// <summary>The ids <paramref name="First"/> to <paramref name="Last"/>, inclusive.</summary>
public readonly record struct IdRun(
    [property: JsonPropertyName("first")] long First,
    [property: JsonPropertyName("last")] long Last);
