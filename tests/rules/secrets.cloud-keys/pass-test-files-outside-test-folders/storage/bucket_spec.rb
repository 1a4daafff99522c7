describe Bucket do
  let(:key_id) { "AKIAQ3EGRIT7BXK4NM2P" }
  it { expect(Bucket.new(key_id).key_id).to eq(key_id) }
end
