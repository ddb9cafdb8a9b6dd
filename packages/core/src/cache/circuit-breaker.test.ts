import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.js";

describe("CircuitBreaker", () => {
  function breaker() {
    let now = 0;
    const circuit = new CircuitBreaker(3, 1_000, () => now);
    return { circuit, advance: (milliseconds: number) => (now += milliseconds) };
  }

  it("stays closed below the threshold and resets on success", () => {
    const { circuit } = breaker();
    circuit.fail();
    circuit.fail();
    circuit.succeed();
    circuit.fail();
    circuit.fail();
    expect(circuit.state).toBe("closed");
    expect(circuit.tryAcquire()).toBe(true);
  });

  it("opens after the threshold and refuses calls until openMs has passed", () => {
    const { circuit, advance } = breaker();
    expect([circuit.fail(), circuit.fail(), circuit.fail()]).toEqual([false, false, true]);
    expect(circuit.state).toBe("open");
    expect(circuit.tryAcquire()).toBe(false);
    advance(999);
    expect(circuit.tryAcquire()).toBe(false);
    advance(1);
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.state).toBe("half-open");
  });

  it("lets one probe through when half-open; its success closes the circuit", () => {
    const { circuit, advance } = breaker();
    for (let failure = 0; failure < 3; failure++) circuit.fail();
    advance(1_000);
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.succeed()).toBe(true);
    expect(circuit.state).toBe("closed");
    expect(circuit.succeed()).toBe(false);
  });

  it("reopens at once when the probe fails", () => {
    const { circuit, advance } = breaker();
    for (let failure = 0; failure < 3; failure++) circuit.fail();
    advance(1_000);
    circuit.tryAcquire();
    expect(circuit.fail()).toBe(true);
    expect(circuit.state).toBe("open");
    expect(circuit.tryAcquire()).toBe(false);
  });
});
