using OrleansTicks.Runtime.Cluster.Partitioning;

namespace OrleansTicks.Runtime.Tests.Cluster;

public sealed class RendezvousOwnershipTests
{
    private const int Partitions = 32;
    private static readonly string[] ThreeSilos = ["orleansticks-silo-0", "orleansticks-silo-1", "orleansticks-silo-2"];

    // Computed by an independent implementation (Python) of the definition in CLUSTER.md: a process with another
    // hash seed, another machine or another version must agree, or two silos would both claim a partition.
    [Theory]
    [InlineData("silo-0", 0, 0x6F9EF1F9288FEE64ul)]
    [InlineData("silo-1", 5, 0xD61B1EE226CAF789ul)]
    [InlineData("orleansticks-silo-2", 31, 0x0945F0D7CEA9DDBCul)]
    public void Weight_of_a_known_silo_and_partition_matches_its_test_vector(string siloId, int partition, ulong weight)
    {
        Assert.Equal(weight, RendezvousOwnership.Weight(siloId, partition));
    }

    [Fact]
    public void Owner_of_the_first_partitions_matches_the_test_vector()
    {
        string[] silos = ["silo-0", "silo-1", "silo-2"];
        string[] expected = ["silo-0", "silo-1", "silo-1", "silo-0", "silo-2", "silo-1", "silo-2", "silo-1"];
        for (var partition = 0; partition < expected.Length; partition++)
        {
            Assert.Equal(expected[partition], RendezvousOwnership.Owner(partition, silos));
        }
    }

    [Fact]
    public void Owner_does_not_depend_on_the_order_of_the_silos()
    {
        string[] reversed = [.. ThreeSilos.Reverse()];
        for (var partition = 0; partition < Partitions; partition++)
        {
            Assert.Equal(RendezvousOwnership.Owner(partition, ThreeSilos), RendezvousOwnership.Owner(partition, reversed));
        }
    }

    [Fact]
    public void Owned_gives_every_partition_to_exactly_one_live_silo()
    {
        var owners = new int[Partitions];
        foreach (var silo in ThreeSilos)
        {
            foreach (var partition in RendezvousOwnership.Owned(silo, ThreeSilos, Partitions))
            {
                owners[partition]++;
                Assert.Equal(silo, RendezvousOwnership.Owner(partition, ThreeSilos));
            }
        }

        Assert.All(owners, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Owned_spreads_32_partitions_over_3_silos_reasonably_evenly()
    {
        var counts = ThreeSilos.Select(silo => RendezvousOwnership.Owned(silo, ThreeSilos, Partitions).Length).ToArray();
        Assert.Equal(Partitions, counts.Sum());
        Assert.All(counts, count => Assert.InRange(count, 6, 16));
    }

    [Fact]
    public void Owned_over_many_silo_sets_stays_within_binomial_bounds()
    {
        // 20 deployments of 3..8 pods named like a StatefulSet's: nobody is starved or flooded.
        for (var size = 3; size <= 8; size++)
        {
            var silos = Enumerable.Range(0, size).Select(i => $"ticks-silo-{i}").ToArray();
            var counts = silos.Select(silo => RendezvousOwnership.Owned(silo, silos, 256).Length).ToArray();
            var mean = 256.0 / size;
            Assert.All(counts, count => Assert.InRange(count, mean * 0.5, mean * 1.6));
        }
    }

    [Fact]
    public void Adding_a_silo_moves_partitions_only_to_the_new_silo()
    {
        string[] four = [.. ThreeSilos, "orleansticks-silo-3"];
        var moved = 0;
        for (var partition = 0; partition < Partitions; partition++)
        {
            var before = RendezvousOwnership.Owner(partition, ThreeSilos);
            var after = RendezvousOwnership.Owner(partition, four);
            if (before != after)
            {
                Assert.Equal("orleansticks-silo-3", after);
                moved++;
            }
        }

        Assert.Equal(RendezvousOwnership.Owned("orleansticks-silo-3", four, Partitions).Length, moved);
        Assert.InRange(moved, 1, Partitions / 2);
    }

    [Fact]
    public void Removing_a_silo_moves_only_its_partitions()
    {
        string[] two = [ThreeSilos[0], ThreeSilos[2]];
        for (var partition = 0; partition < Partitions; partition++)
        {
            var before = RendezvousOwnership.Owner(partition, ThreeSilos);
            var after = RendezvousOwnership.Owner(partition, two);
            if (before != ThreeSilos[1])
            {
                Assert.Equal(before, after);
            }
        }
    }

    [Fact]
    public void Diff_of_a_join_gives_the_new_silo_what_it_owns_and_the_others_lose_exactly_that()
    {
        string[] four = [.. ThreeSilos, "orleansticks-silo-3"];
        var joiner = RendezvousOwnership.Diff([], four, "orleansticks-silo-3", Partitions);
        Assert.Equal(RendezvousOwnership.Owned("orleansticks-silo-3", four, Partitions).ToArray(), joiner.Gained.ToArray());
        Assert.Empty(joiner.Lost);

        var lostByOthers = new List<int>();
        foreach (var silo in ThreeSilos)
        {
            var change = RendezvousOwnership.Diff(ThreeSilos, four, silo, Partitions);
            Assert.Empty(change.Gained);
            lostByOthers.AddRange(change.Lost);
        }

        lostByOthers.Sort();
        Assert.Equal(joiner.Gained.ToArray(), lostByOthers.ToArray());
    }

    [Fact]
    public void Diff_of_a_leave_gives_the_leaver_nothing_and_hands_its_partitions_to_the_rest()
    {
        string[] two = [ThreeSilos[0], ThreeSilos[2]];
        var leaver = RendezvousOwnership.Diff(ThreeSilos, two, ThreeSilos[1], Partitions);
        Assert.Empty(leaver.Gained);
        Assert.Equal(RendezvousOwnership.Owned(ThreeSilos[1], ThreeSilos, Partitions).ToArray(), leaver.Lost.ToArray());

        var gained = two.SelectMany(silo => RendezvousOwnership.Diff(ThreeSilos, two, silo, Partitions).Gained).Order().ToArray();
        Assert.Equal(leaver.Lost.ToArray(), gained);
        Assert.True(RendezvousOwnership.Diff(ThreeSilos, ThreeSilos, ThreeSilos[0], Partitions).IsEmpty);
    }

    [Fact]
    public void Owned_of_a_silo_that_is_not_live_is_empty()
    {
        Assert.Empty(RendezvousOwnership.Owned("gone", ThreeSilos, Partitions));
        Assert.Empty(RendezvousOwnership.Owned("gone", [], Partitions));
    }

    [Fact]
    public void Owned_handles_more_silos_than_fit_on_the_stack()
    {
        var silos = Enumerable.Range(0, 100).Select(i => $"s{i}").ToArray();
        var total = silos.Sum(silo => RendezvousOwnership.Owned(silo, silos, 512).Length);
        Assert.Equal(512, total);
    }

    [Fact]
    public void Ownership_with_bad_input_throws_a_clear_error()
    {
        Assert.Throws<ArgumentException>(() => RendezvousOwnership.Owner(0, []));
        Assert.Throws<ArgumentException>(() => RendezvousOwnership.Owner(0, ["a", ""]));
        Assert.Throws<ArgumentOutOfRangeException>(() => RendezvousOwnership.Owner(-1, ThreeSilos));
        Assert.Throws<ArgumentOutOfRangeException>(() => RendezvousOwnership.Owned(ThreeSilos[0], ThreeSilos, 0));
        Assert.Throws<ArgumentException>(() => RendezvousOwnership.Owned("", ThreeSilos, Partitions));
    }
}
