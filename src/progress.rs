//! A progress line on stderr for long runs: shown only when stderr is a terminal and the run
//! has taken more than a second, so short runs and redirected output stay clean.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ingest::Progress;

/// The display: a spinner with the phase, files done and rows read.
pub struct Display {
    bar: ProgressBar,
    done: Arc<AtomicBool>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl Display {
    /// Starts watching `counters` for `files` inputs.
    pub fn start(counters: Arc<Progress>, files: usize) -> Display {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
        let done = Arc::new(AtomicBool::new(false));
        let ticker = {
            let (bar, done) = (bar.clone(), done.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !done.load(Ordering::Relaxed) {
                    if !shown && started.elapsed() > Duration::from_secs(1) {
                        // Draws only to a terminal; indicatif hides itself otherwise.
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                        shown = true;
                    }
                    let rows = counters.rows.load(Ordering::Relaxed);
                    let read = counters.files.load(Ordering::Relaxed);
                    if read < files {
                        bar.set_message(format!("读取输入文件 {read}/{files}，已读 {rows} 行"));
                    }
                    bar.tick();
                    std::thread::sleep(Duration::from_millis(100));
                }
            })
        };
        Display {
            bar,
            done,
            ticker: Some(ticker),
        }
    }

    /// Names the phase after reading ("核对工单", "生成文件").
    pub fn phase(&self, text: &str) {
        self.bar.set_message(text.to_owned());
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        self.bar.finish_and_clear();
    }
}
