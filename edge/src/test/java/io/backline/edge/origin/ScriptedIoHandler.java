package io.backline.edge.origin;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import java.util.ArrayList;
import java.util.List;

/** An event-loop I/O handler for the wrappers' tests: its turns report the given numbers of handled events; it records the other calls. */
final class ScriptedIoHandler implements IoHandler {
    private final int[] turns;
    private int next;
    final List<String> calls = new ArrayList<>();

    ScriptedIoHandler(int... turns) {
        this.turns = turns;
    }

    @Override
    public int run(IoHandlerContext context) {
        return turns[next++];
    }

    @Override
    public void initialize() {
        calls.add("initialize");
    }

    @Override
    public void prepareToDestroy() {
        calls.add("prepareToDestroy");
    }

    @Override
    public void destroy() {
        calls.add("destroy");
    }

    @Override
    public IoRegistration register(IoHandle handle) {
        calls.add("register");
        return null;
    }

    @Override
    public void wakeup() {
        calls.add("wakeup");
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        calls.add("isCompatible");
        return handleType == IoHandle.class;
    }
}
