//! sendmsg / recvmsg / control-message scenarios (each also in tests/php/scenarios.php where PHP can run it).

/// Runs scenario `name` if this module has it; false otherwise.
pub fn run(_name: &str, _args: &[String]) -> bool {
    false
}
