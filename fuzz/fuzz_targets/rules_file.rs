//! An arbitrary string as a user's rules file: the loader returns Ok or an error that names the
//! file, never panics. A file that loads is then run over a short dump, so arbitrary phrases,
//! regexes and limits cannot crash the passes either.
#![no_main]

use gharbal::{clean_text, RuleSet};
use libfuzzer_sys::fuzz_target;

const DUMP: &str = "مدير مكتب الأسد سابقًا: زيارته الأخيرة لروسيا كانت فاشلة\n\
تاريخ النشر: 5th, January 2025 GMT\n\
سرايا - كشف كامل صقر، مدير المكتب الإعلامي في الرئاسة السورية سابقًا، أن الزيارة لم تنجح.\n\
إقرأ أيضاً : خبر آخر\n\
Share on Facebook | Twitter\n\
The talks resume in Geneva next week, the minister said on Sunday.\n\
© 2025 All rights reserved\n";

fuzz_target!(|text: &str| {
    let mut set = RuleSet::default();
    match set.add_source("fuzz.toml", text) {
        Ok(()) => {
            let _ = clean_text(DUMP.to_string(), &set);
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with("fuzz.toml:"), "{msg}");
        }
    }
});
