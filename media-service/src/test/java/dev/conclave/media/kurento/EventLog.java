package dev.conclave.media.kurento;

import dev.conclave.media.endpoint.EndpointKey;
import dev.conclave.media.endpoint.IceCandidate;
import dev.conclave.media.worker.MediaWorkerListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** What a media worker told its listener, in order, with waits for what a test expects to come. */
final class EventLog implements MediaWorkerListener {

    /** How long to wait for the first of something before giving up. */
    static final Duration PATIENCE = Duration.ofSeconds(10);

    record Candidate(EndpointKey endpoint, IceCandidate candidate) {
    }

    record State(EndpointKey endpoint, String state) {
    }

    private final List<Candidate> candidates = new ArrayList<>();
    private final List<State> states = new ArrayList<>();
    private final Map<EndpointKey, List<Consumer<IceCandidate>>> forwards = new ConcurrentHashMap<>();

    @Override
    public void iceCandidateFound(EndpointKey endpoint, IceCandidate candidate) {
        List<Consumer<IceCandidate>> targets;
        synchronized (this) {
            candidates.add(new Candidate(endpoint, candidate));
            targets = List.copyOf(forwards.getOrDefault(endpoint, List.of()));
            notifyAll();
        }
        targets.forEach(target -> target.accept(candidate));
    }

    @Override
    public synchronized void endpointStateChanged(EndpointKey endpoint, String state) {
        states.add(new State(endpoint, state));
        notifyAll();
    }

    synchronized List<Candidate> candidates() {
        return List.copyOf(candidates);
    }

    synchronized List<IceCandidate> candidates(EndpointKey endpoint) {
        return candidates.stream().filter(found -> found.endpoint().equals(endpoint)).map(Candidate::candidate)
                .toList();
    }

    synchronized List<State> states() {
        return List.copyOf(states);
    }

    synchronized List<String> states(EndpointKey endpoint) {
        return states.stream().filter(found -> found.endpoint().equals(endpoint)).map(State::state).toList();
    }

    /** Hands {@code target} every candidate of {@code endpoint}: those found already, then each as it comes. */
    void forward(EndpointKey endpoint, Consumer<IceCandidate> target) {
        List<IceCandidate> found;
        synchronized (this) {
            forwards.computeIfAbsent(endpoint, key -> new CopyOnWriteArrayList<>()).add(target);
            found = candidates(endpoint);
        }
        found.forEach(target);
    }

    /**
     * Waits for the endpoint's candidates: for the first up to {@link #PATIENCE}, then until none has come for
     * {@code quiet}. Returns them.
     */
    synchronized List<IceCandidate> awaitCandidates(EndpointKey endpoint, Duration quiet)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (candidates(endpoint).isEmpty() && System.nanoTime() < deadline) {
            waitUntil(deadline);
        }
        int seen = candidates(endpoint).size();
        long quietUntil = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < Math.min(quietUntil, deadline + PATIENCE.toNanos())) {
            waitUntil(quietUntil);
            if (candidates(endpoint).size() != seen) {
                seen = candidates(endpoint).size();
                quietUntil = System.nanoTime() + quiet.toNanos();
            }
        }
        return candidates(endpoint);
    }

    /** Waits up to {@link #PATIENCE} for one of {@code wanted} among the endpoint's states; says whether it came. */
    synchronized boolean awaitState(EndpointKey endpoint, String... wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (states(endpoint).stream().anyMatch(List.of(wanted)::contains)) {
                return true;
            }
            waitUntil(deadline);
        }
        return states(endpoint).stream().anyMatch(List.of(wanted)::contains);
    }

    /** Waits up to {@link #PATIENCE} until at least so many candidates and states have come, of any endpoint. */
    synchronized void awaitTotals(int candidateCount, int stateCount) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while ((candidates.size() < candidateCount || states.size() < stateCount) && System.nanoTime() < deadline) {
            waitUntil(deadline);
        }
    }

    private void waitUntil(long deadline) throws InterruptedException {
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
}
