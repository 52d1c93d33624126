//! The batch loop, once for every command: each input found (a file, a walked directory's file,
//! standard input) becomes units of work (the whole input, the windows of a big one, the records
//! of a JSON Lines shard), the units run on the workers, and the consumer gets what each came to
//! in input order, with what a walk found besides inputs in its place. A command says how an
//! input is cut into units, what a worker does with one, and what to do with the results.

use anyhow::Result;

use crate::walk::{self, Found, Input};

/// What an input becomes before the workers take it.
pub(super) enum Unit<P, S> {
    /// A piece of input `i` for a worker: the whole input, a window, a record.
    Work(usize, P),
    /// Input `i` settled before it is read on: binary, unreadable, its output already there.
    Settled(usize, S),
    /// Input `i` has no more pieces (for commands that close something per input).
    End(usize),
}

/// The units of one input, read as the workers take them.
pub(super) type Units<'a, P, S> = Box<dyn Iterator<Item = Unit<P, S>> + Send + 'a>;

/// What the consumer gets, in input order.
pub(super) enum Step<'f, R, S> {
    /// What a walk found besides inputs: an unreadable directory, a link, an empty directory.
    Found(&'f Found),
    /// What a worker made of a piece of input `i`.
    Done(usize, R),
    Settled(usize, S),
    End(usize),
}

enum Item<P, S> {
    Found(usize),
    Unit(Unit<P, S>),
}

/// Cuts every input of `found` into units with `units_of`, runs `work` on each piece on `pool`,
/// and hands every [`Step`] to `consume` in input order; `consume`'s second argument says
/// whether another result is ready (a writer flushes when it is not). An error from `consume`
/// stops the run and is returned.
pub(super) fn run<'f, P, R, S, U, W, C>(
    pool: &rayon::ThreadPool,
    found: &'f [Found],
    units_of: U,
    work: W,
    consume: C,
) -> Result<()>
where
    P: Send + 'f,
    R: Send,
    S: Send + 'f,
    U: Fn(usize, &'f Input) -> Units<'f, P, S> + Sync,
    W: Fn(usize, P) -> R + Sync,
    C: FnMut(Step<'f, R, S>, bool) -> Result<()>,
{
    let units_of = &units_of;
    let items = found.iter().enumerate().flat_map(
        move |(i, f)| -> Box<dyn Iterator<Item = Item<P, S>> + Send + 'f> {
            match f {
                Found::Input(input) => Box::new(units_of(i, input).map(Item::Unit)),
                _ => Box::new(std::iter::once(Item::Found(i))),
            }
        },
    );
    walk::ordered(
        pool,
        items,
        |item| match item {
            Item::Found(i) => Step::Found(&found[i]),
            Item::Unit(Unit::Work(i, piece)) => Step::Done(i, work(i, piece)),
            Item::Unit(Unit::Settled(i, s)) => Step::Settled(i, s),
            Item::Unit(Unit::End(i)) => Step::End(i),
        },
        consume,
    )
}

/// The one unit of an input read whole.
pub(super) fn whole<'a, P: Send + 'a, S: Send + 'a>(i: usize, piece: P) -> Units<'a, P, S> {
    Box::new(std::iter::once(Unit::Work(i, piece)))
}

/// An input settled before reading.
pub(super) fn settled<'a, P: Send + 'a, S: Send + 'a>(i: usize, s: S) -> Units<'a, P, S> {
    Box::new(std::iter::once(Unit::Settled(i, s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn input(name: &str) -> Found {
        Found::Input(Input {
            path: Some(PathBuf::from(name)),
            rel: PathBuf::from(name),
            named: true,
        })
    }

    /// Pieces come back in input order whatever order the workers finish them in, with what a
    /// walk found in its place, an input settled before reading as one step, and each input's
    /// end after its last piece.
    #[test]
    fn steps_come_in_input_order() {
        let found = vec![
            input("a"),
            Found::Error {
                path: "dir".into(),
                reason: "denied".into(),
            },
            input("b"),
            input("c"),
        ];
        let pool = walk::pool(4).unwrap();
        let units_of = |i: usize, input: &Input| -> Units<u64, &'static str> {
            match input.name().as_str() {
                "b" => settled(i, "binary"),
                _ => Box::new(
                    (0..20u64)
                        .map(move |n| Unit::Work(i, n))
                        .chain([Unit::End(i)]),
                ),
            }
        };
        // Later pieces finish first.
        let work = |i: usize, n: u64| {
            std::thread::sleep(std::time::Duration::from_micros(200 * (20 - n)));
            format!("{i}:{n}")
        };
        let mut seen = Vec::new();
        run(&pool, &found, units_of, work, |step, _| {
            seen.push(match step {
                Step::Found(Found::Error { path, .. }) => format!("found {path}"),
                Step::Found(_) => "found".to_string(),
                Step::Done(_, r) => r,
                Step::Settled(i, s) => format!("{i} {s}"),
                Step::End(i) => format!("end {i}"),
            });
            Ok(())
        })
        .unwrap();
        let mut want: Vec<String> = (0..20).map(|n| format!("0:{n}")).collect();
        want.push("end 0".into());
        want.push("found dir".into());
        want.push("2 binary".into());
        want.extend((0..20).map(|n| format!("3:{n}")));
        want.push("end 3".into());
        assert_eq!(seen, want);
    }

    /// An error from the consumer stops the run: no step after it.
    #[test]
    fn a_consumer_error_stops_the_run() {
        let found = vec![input("a"), input("b")];
        let pool = walk::pool(2).unwrap();
        let mut steps = 0;
        let result = run(
            &pool,
            &found,
            |i, _| -> Units<u64, ()> { Box::new((0..100u64).map(move |n| Unit::Work(i, n))) },
            |_, n| n,
            |step, _| {
                steps += 1;
                match step {
                    Step::Done(_, 5) => anyhow::bail!("stop"),
                    _ => Ok(()),
                }
            },
        );
        assert_eq!(result.unwrap_err().to_string(), "stop");
        assert_eq!(steps, 6);
    }
}
