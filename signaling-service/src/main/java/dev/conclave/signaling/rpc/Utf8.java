package dev.conclave.signaling.rpc;

/** How many bytes a string takes in UTF-8, without encoding it. */
final class Utf8 {

    private Utf8() {
    }

    static int length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // a surrogate pair is 4 bytes in UTF-8: 2 for each half
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
