package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.conclave.signaling.text.WireText;
import java.util.List;

/**
 * The JSON-RPC edge under a fuzzer (Jazzer): whatever a client sends, the decoder either returns a request of a known
 * method or refuses it with a JSON-RPC error that can itself be sent — never another exception (a 500 for that client,
 * or worse), never an answer the wire cannot carry. Run as a plain test, each method replays its corpus
 * ({@code src/test/resources/dev/conclave/signaling/rpc/RpcCodecFuzzTestInputs/}); the build's fuzz pass
 * ({@code -Pfuzz}, and CI) fuzzes each for a bounded time.
 */
class RpcCodecFuzzTest {

    /** What {@link #anyParams} picks from, by the fuzzer's integral value (RpcFuzzSeedsTest checks its seeds). */
    static final List<String> METHODS = List.copyOf(RpcRequest.METHODS.keySet().stream().sorted().toList());
    private final RpcCodec codec = new RpcCodec();

    @FuzzTest(maxDuration = "30s")
    void anyFrame(FuzzedDataProvider data) {
        decodeOrRefuse(data.consumeRemainingAsString());
    }

    /** Well-formed envelopes of every method with fuzzed params: the fuzzer reaches each method's own checks. */
    @FuzzTest(maxDuration = "30s")
    void anyParams(FuzzedDataProvider data) {
        String method = data.pickValue(METHODS);
        String params = data.consumeRemainingAsString();
        decodeOrRefuse("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}");
    }

    private void decodeOrRefuse(String frame) {
        try {
            RpcCall call = codec.decode(frame);
            assertThat(RpcRequest.METHODS).containsKey(call.method());
            assertThat(call.request()).isNotNull();
        } catch (RpcDecodeException refused) {
            String answer = codec.error(refused.id(), refused.error());
            assertThat(WireText.encodable(answer)).as("the error answer can be sent: %s", answer).isTrue();
            assertThat(refused.error().code().code()).isNotZero();
        }
    }
}
