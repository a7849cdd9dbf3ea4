"""Pure coverage maths: plain dataclasses in, plain values out; no ORM, no request."""
