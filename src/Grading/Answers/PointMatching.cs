namespace GraderHub.Grading.Answers;

// An optimal one-to-one matching between the points a student gave and the reference points:
// the largest number of pairs that are close (Kuhn's augmenting paths; sets here have a handful
// of points). Greedy nearest-first matching can pair a student point with the wrong reference
// point and then miss a second correct one.
public static class PointMatching
{
    // Returns, for each given point, the index of its reference point or -1.
    public static int[] Match(int given, int reference, Func<int, int, bool> close)
    {
        var ownerOfReference = Enumerable.Repeat(-1, reference).ToArray();
        for (var g = 0; g < given; g++)
        {
            Augment(g, close, ownerOfReference, new bool[reference]);
        }

        var result = Enumerable.Repeat(-1, given).ToArray();
        for (var r = 0; r < reference; r++)
        {
            if (ownerOfReference[r] >= 0)
            {
                result[ownerOfReference[r]] = r;
            }
        }

        return result;
    }

    private static bool Augment(int g, Func<int, int, bool> close, int[] ownerOfReference, bool[] visited)
    {
        for (var r = 0; r < ownerOfReference.Length; r++)
        {
            if (visited[r] || !close(g, r))
            {
                continue;
            }

            visited[r] = true;
            if (ownerOfReference[r] < 0 || Augment(ownerOfReference[r], close, ownerOfReference, visited))
            {
                ownerOfReference[r] = g;
                return true;
            }
        }

        return false;
    }
}
