using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GraderHub.Data;

// A student's variant of a problem: the same student always gets the same parameters for the
// same problem (across restarts, machines and database rebuilds, hence keys, not row ids), and
// neighbours get different ones. SHA-256 rather than string.GetHashCode, which is randomised
// per process.
public static class VariantSeeds
{
    public static int For(string userId, string problemSetKey, string problemKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{problemSetKey}\n{problemKey}"));
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) & int.MaxValue;
    }
}
