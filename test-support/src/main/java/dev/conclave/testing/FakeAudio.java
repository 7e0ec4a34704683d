package dev.conclave.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Audio files for Chromium's fake microphone ({@code --use-file-for-fake-audio-capture}, which loops them). */
public final class FakeAudio {

    private static final int RATE = 48_000;

    private FakeAudio() {
    }

    /**
     * A 440 Hz tone at half of full scale for {@code tone}, then silence for {@code pause}: a voice that speaks and
     * stops. 48 kHz, mono, 16-bit PCM WAV.
     */
    public static Path toneWithPause(Path directory, Duration tone, Duration pause) {
        int toneSamples = (int) (RATE * tone.toMillis() / 1000);
        int samples = toneSamples + (int) (RATE * pause.toMillis() / 1000);
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            double value = i < toneSamples ? 0.5 * Math.sin(2 * Math.PI * 440 * i / RATE) : 0;
            wav.putShort((short) Math.round(value * Short.MAX_VALUE));
        }
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("tone-" + tone.toMillis() + "ms-pause-" + pause.toMillis() + "ms.wav");
            Files.write(file, wav.array());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
