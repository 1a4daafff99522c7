Spree::User.create!(email: 'wholesaler@example.com', password: 'Spree123wholesale')
