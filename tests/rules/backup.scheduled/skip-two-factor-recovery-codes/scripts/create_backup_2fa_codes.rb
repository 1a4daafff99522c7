# Gives every user with two-factor authentication a fresh set of backup codes.
User.where(enabled_2fa: true).find_each do |user|
  user.update!(backup_2fa_codes: Array.new(10) { SecureRandom.hex(4) })
end
