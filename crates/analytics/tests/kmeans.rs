//! k-means against scikit-learn: same points, same initial centres, Lloyd to convergence
//! (reference from `tests/data/make_kmeans_reference.py`).

use kehu_analytics::cluster::{Point, lloyd};

#[test]
fn lloyd_matches_scikit_learn_from_the_same_centres() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("data/kmeans_reference.json")).unwrap();
    let pts = |key: &str| -> Vec<Point> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let p = p.as_array().unwrap();
                [
                    p[0].as_f64().unwrap(),
                    p[1].as_f64().unwrap(),
                    p[2].as_f64().unwrap(),
                ]
            })
            .collect()
    };
    let km = lloyd(&pts("points"), pts("init"));
    let labels: Vec<usize> = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_u64().unwrap() as usize)
        .collect();
    assert_eq!(km.labels, labels);
    let want = v["inertia"].as_f64().unwrap();
    assert!(
        ((km.inertia - want) / want).abs() < 1e-6,
        "{} vs {want}",
        km.inertia
    );
}
