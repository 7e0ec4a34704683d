package dev.conclave.signaling.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fuzzers' seeds are what they claim to be (a fuzz test runs only in its own execution, so this is apart). */
@DisplayName("the JSON-RPC fuzzer's seeds")
class RpcFuzzSeedsTest {

    private final RpcCodec codec = new RpcCodec();

    /**
     * The seeds of {@link RpcCodecFuzzTest#anyParams} are what it should start from: valid params of the method they pick. The
     * fuzzer's data provider takes integral values from the end of the input, so a seed is the params' JSON followed
     * by one byte, the method's index in {@link RpcCodecFuzzTest#METHODS} (a seed with the byte in front parses as nothing at all).
     */
    @Test
    @DisplayName("every anyParams seed is a valid request of the method it picks")
    void everyParamsSeedIsAValidRequestOfItsMethod() throws IOException, RpcDecodeException {
        Path seeds = Path.of("src/test/resources/dev/conclave/signaling/rpc/RpcCodecFuzzTestInputs/anyParams");
        List<Path> files;
        try (Stream<Path> listed = Files.list(seeds)) {
            files = listed.sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path seed : files) {
            byte[] bytes = Files.readAllBytes(seed);
            String method = RpcCodecFuzzTest.METHODS.get(Byte.toUnsignedInt(bytes[bytes.length - 1]) % RpcCodecFuzzTest.METHODS.size());
            String params = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            RpcCall call = codec.decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":"
                    + params + "}");
            assertThat(call.method()).as("seed %s", seed.getFileName()).isEqualTo(seed.getFileName().toString());
        }
    }

}
