package com.example.shutterworks.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.example.shutterworks.adapter.ControllerLine.Bye;
import com.example.shutterworks.adapter.ControllerLine.Err;
import com.example.shutterworks.adapter.ControllerLine.Hello;
import com.example.shutterworks.adapter.ControllerLine.Ok;
import com.example.shutterworks.adapter.ControllerLine.ShutterState;
import com.example.shutterworks.adapter.ControllerLine.State;
import com.example.shutterworks.adapter.ControllerLine.Unknown;
import org.junit.jupiter.api.Test;

/** Every SWP/1 line type as PROTOCOL.md gives it, and the lines it does not allow. */
class ControllerLineTest {

    @Test
    void aGreetingGivesTheProtocolVersionAndTheController() throws Exception {
        Hello hello = (Hello) ControllerLine.parse("HELLO SWP/1.3 ExampleShutterWorks SW-200 3.1.0");
        assertEquals(new Hello(1, 3, "ExampleShutterWorks", "SW-200", "3.1.0"), hello);
    }

    @Test
    void aGreetingWithoutSwpVersionIsMalformed() {
        assertEquals("HELLO names protocol 'HTTP/1.1', not SWP/<major>.<minor>",
                assertThrows(MalformedLineException.class, () -> ControllerLine.parse("HELLO HTTP/1.1 a b c")).getMessage());
    }

    @Test
    void okKeepsItsTagAndComment() throws Exception {
        assertEquals(new Ok("c1", ""), ControllerLine.parse("OK c1"));
        assertEquals(new Ok("c2", "already CLOSED"), ControllerLine.parse("OK c2 already CLOSED"));
    }

    @Test
    void errGivesTagCodeAndText() throws Exception {
        assertEquals(new Err("c1", 409, "obstruction sensed under the shutter; clear it before closing"),
                ControllerLine.parse("ERR c1 409 obstruction sensed under the shutter; clear it before closing"));
        assertEquals(new Err("-", 413, "line longer than 256 bytes"), ControllerLine.parse("ERR - 413 line longer than 256 bytes"));
        assertEquals(new Err("c3", 500, ""), ControllerLine.parse("ERR c3 500"));
    }

    @Test
    void errWithoutAThreeDigitCodeIsMalformed() {
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("ERR c1 obstructed"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("ERR c1"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("ERR c-1 409 x"));
    }

    @Test
    void stateReadsItsFieldsInAnyOrderAndSkipsUnknownOnes() throws Exception {
        State s = (State) ControllerLine.parse("STATE closed=0 tag=c7 position=42.5 obstruction=1 state=STOPPED cause=obstruction humidity=40");
        assertEquals(new State(ShutterState.STOPPED, 42.5, true, false, "obstruction", "c7"), s);
        State bare = (State) ControllerLine.parse("STATE state=CLOSED position=100 obstruction=0 closed=1");
        assertEquals(new State(ShutterState.CLOSED, 100, false, true, "", ""), bare);
    }

    @Test
    void stateWithoutARequiredFieldOrWithABadValueIsMalformed() {
        assertEquals("STATE without closed", assertThrows(MalformedLineException.class,
                () -> ControllerLine.parse("STATE state=OPEN position=0.0 obstruction=0")).getMessage());
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=AJAR position=0 obstruction=0 closed=0"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=OPEN position=101 obstruction=0 closed=0"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=OPEN position=-1 obstruction=0 closed=0"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=OPEN position=NaN obstruction=0 closed=0"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=OPEN position=0 obstruction=yes closed=0"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=OPEN state=CLOSED position=0 obstruction=0 closed=0"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("STATE state=OPEN position=0 obstruction=0 closed=0 junk"));
    }

    @Test
    void byeGivesCodeAndText() throws Exception {
        assertEquals(new Bye(503, "too many clients (4)"), ControllerLine.parse("BYE 503 too many clients (4)"));
    }

    @Test
    void anUnknownLineTypeIsSkippedNotRefused() throws Exception {
        assertInstanceOf(Unknown.class, ControllerLine.parse("EVENT keypad=pressed"));
    }

    @Test
    void garbageIsMalformed() {
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("ok c1"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse(""));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("OK c1\u0000"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("OK"));
        assertThrows(MalformedLineException.class, () -> ControllerLine.parse("OK thirteen-chars"));
    }
}
