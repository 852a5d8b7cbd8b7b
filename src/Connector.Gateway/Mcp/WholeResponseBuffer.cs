using System.Buffers;

namespace Connector.Gateway.Mcp;

/// <summary>
/// Collects what the SDK writes for one POST so it leaves in a single write with a Content-Length. The SDK
/// writes an answer's SSE frame in pieces and flushes after each; on a socket that is one TCP segment and
/// one system call per piece. Tool answers are whole before they are sent (nothing here streams), so
/// nothing is gained by sending them early, and an error before the end can still replace them.
/// </summary>
internal sealed class WholeResponseBuffer : Stream
{
    private readonly ArrayBufferWriter<byte> _written = new(4096);

    public ReadOnlyMemory<byte> Written => _written.WrittenMemory;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written.WrittenCount;

    public override long Position
    {
        get => _written.WrittenCount;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _written.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Nothing to do: the bytes go out together once the answer is complete.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
